using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Web.Account;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Password_checks_beyond_the_bound_are_refused_not_queued_without_end()
    {
        // The node hashes one password at a time and queues none. The test holds that one slot itself, so the
        // outcome does not depend on how the requests' timings happen to overlap on a busy machine.
        var work = factory.Services.GetRequiredService<PasswordWork>();
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        var held = work.RunAsync(() =>
        {
            holding.Set();
            release.Wait(TimeSpan.FromMinutes(1));
            return 0;
        });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)));

        var refused = await Register(0);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("TooManyAttempts", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        release.Set();
        await held;
        Assert.Equal(HttpStatusCode.Created, (await Register(1)).StatusCode);
    }

    private Task<HttpResponseMessage> Register(int i) => factory.CreateClient().PostAsJsonAsync("/account/register", new
    {
        lastName = "Foule",
        firstName = "Claire",
        profession = "Physician",
        identifier = new { kind = "Adeli", number = $"75{i:D7}" },
        email = $"foule.{i}.{Guid.NewGuid():N}@example.org",
        phone = "+33612345678",
        password = "une phrase de passe pour la foule",
        acceptTerms = true,
    });
}
