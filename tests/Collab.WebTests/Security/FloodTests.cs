using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Collab.WebTests.Security;

public sealed class FloodTests(TightLimitsFactory factory) : IClassFixture<TightLimitsFactory>
{
    [Fact]
    public async Task Credential_endpoints_refuse_a_flood_from_one_address_with_429_and_retry_after()
    {
        var client = factory.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            // A new email each time: the per-identifier throttle is not what answers here.
            answers.Add(await client.PostAsJsonAsync("/account/login", new { email = $"liste.{i}.{Guid.NewGuid():N}@example.org", password = "une phrase de passe au hasard" }));
        }

        Assert.All(answers, a => Assert.NotEqual(HttpStatusCode.InternalServerError, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].StatusCode);
        Assert.True(answers[^1].Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("TooManyRequests", (await answers[^1].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Parallel_password_checks_beyond_the_bound_are_refused_not_queued_without_end()
    {
        // Six at once on a node that hashes one password at a time and queues none: the others are refused at once.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => factory.CreateClient().PostAsJsonAsync("/account/register", new
        {
            lastName = "Foule",
            firstName = "Claire",
            profession = "Physician",
            identifier = new { kind = "Adeli", number = $"75{i:D7}" },
            email = $"foule.{i}.{Guid.NewGuid():N}@example.org",
            phone = "+33612345678",
            password = "une phrase de passe pour la foule",
            acceptTerms = true,
        })));

        Assert.All(answers, a => Assert.NotEqual(HttpStatusCode.InternalServerError, a.StatusCode));
        var busy = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, a => Assert.Equal(TimeSpan.FromSeconds(1), a.Headers.RetryAfter?.Delta));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
    }
}
