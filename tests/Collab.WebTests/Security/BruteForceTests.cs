using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Testing;

namespace Collab.WebTests.Security;

/// <summary>
/// A guesser with a stolen cookie, a list of emails, or many requests at once: every place a password or code is
/// checked is throttled the same way, and nothing answers differently for an account that exists until its secret is proved.
/// </summary>
public sealed class BruteForceTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Theory]
    [InlineData("/account/reauthenticate")]
    [InlineData("/account/password")]
    public async Task Password_guessing_with_a_logged_in_cookie_is_throttled_like_a_login(string path)
    {
        var session = await TestSessions.ActiveAsync(factory, "Volee");
        object Guess(int i) => path.EndsWith("reauthenticate", StringComparison.Ordinal)
            ? new { password = $"essai numéro {i} du voleur" }
            : new { currentPassword = $"essai numéro {i} du voleur", newPassword = "une nouvelle phrase du voleur" };

        // The first delay is 2 s: the clock stands still meanwhile, however slowly a busy machine sends the guesses.
        var answers = new List<HttpResponseMessage>();
        HttpResponseMessage login;
        using (factory.Clock.Freeze())
        {
            for (var i = 0; i < 12; i++)
            {
                answers.Add(await session.Http.PostAsJsonAsync(path, Guess(i)));
            }

            login = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = session.Account.Email, password = session.Account.Password });
        }

        Assert.All(answers.Take(4), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        var throttled = answers.Skip(4).ToList();
        Assert.All(throttled, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode)); // waiting, not guessing
        Assert.All(throttled, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After"));
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode); // one throttle: the same identifier
    }

    [Fact]
    public async Task Account_recovery_answers_the_same_for_unknown_and_known_emails_until_the_code_is_proved()
    {
        var client = factory.CreateClient();
        var known = await TestAccounts.RegisterAsync(client, lastName: "Sondeur");
        // A new password built from the holder's name would be refused — but only once the code is proved.
        var nameBased = "sondeur12345";

        var forKnown = await client.PostAsJsonAsync("/account/recover", new { email = known.Email, recoveryCode = "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AA", newPassword = nameBased });
        var forUnknown = await client.PostAsJsonAsync("/account/recover", new { email = "personne.inconnue@example.org", recoveryCode = "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AA", newPassword = nameBased });
        var withTheCode = await client.PostAsJsonAsync("/account/recover", new { email = known.Email, recoveryCode = known.RecoveryCode, newPassword = nameBased });

        Assert.Equal(HttpStatusCode.Unauthorized, forKnown.StatusCode);
        Assert.Equal(await ProblemAsync(forUnknown), await ProblemAsync(forKnown));
        Assert.Equal(HttpStatusCode.BadRequest, withTheCode.StatusCode); // now it may say "too close to your name"
    }

    [Fact]
    public async Task Login_answers_the_same_for_unknown_wrong_locked_and_suspended_accounts_until_the_password_is_proved()
    {
        var client = factory.CreateClient();
        var suspended = await TestAccounts.RegisterAsync(client, lastName: "Suspendu");
        var grain = factory.Cluster.GetGrain<Contracts.Practitioners.IPractitionerStandingGrain>(suspended.Id);
        await grain.Validate(Caller.System("tests"));
        await grain.Suspend(Caller.System("tests"));
        var locked = await TestAccounts.RegisterAsync(client, lastName: "Verrou");
        var unknownEmail = $"inconnu.{Guid.NewGuid():N}@example.org";
        var unknownLocking = $"inconnu.{Guid.NewGuid():N}@example.org";
        Task<HttpResponseMessage> Login(string email, string password) => client.PostAsJsonAsync("/account/login", new { email, password });

        var unknown = await Login(unknownEmail, "une phrase de passe au hasard");
        var suspendedWrong = await Login(suspended.Email, "une phrase de passe au hasard");
        var suspendedRight = await Login(suspended.Email, suspended.Password);
        var answersWhileLocking = new List<(HttpStatusCode Unknown, HttpStatusCode Known)>();
        for (var i = 0; i < 11; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past each growing delay: only the lock remains
            answersWhileLocking.Add(((await Login(unknownLocking, $"essai {i} du pirate")).StatusCode, (await Login(locked.Email, $"essai {i} du pirate")).StatusCode));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await ProblemAsync(unknown), await ProblemAsync(suspendedWrong));
        Assert.Equal(HttpStatusCode.Forbidden, suspendedRight.StatusCode); // told once the password is proved
        Assert.All(answersWhileLocking, a => Assert.Equal(a.Unknown, a.Known));
        Assert.Equal(HttpStatusCode.TooManyRequests, answersWhileLocking[^1].Known);
        Assert.Contains(factory.Outbox.Messages, m => m.To == locked.Email && m.Subject?.Contains("verrouillé", StringComparison.Ordinal) == true); // the holder is told
    }

    [Fact]
    public async Task A_pending_account_cannot_request_login_codes_without_limit()
    {
        var client = factory.CreateClient();
        var pending = await TestAccounts.RegisterAsync(client, lastName: "Bavard");
        await client.PostAsJsonAsync("/account/login", new { email = pending.Email, password = pending.Password });

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/account/login/code", new { channel = i % 2 == 0 ? "EmailCode" : "SmsCode" }));
        }

        Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.All(answers.Skip(5), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.True(answers[^1].Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(3, factory.Outbox.Messages.Count(m => m.To == pending.Email && m.Subject == "Collab : code de connexion")); // codes 1, 3 and 5 went by email, 2 and 4 by SMS; none after
    }

    private static async Task<(string? Title, string? Detail, string? Code)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        string? Text(string name) => body.TryGetProperty(name, out var value) ? value.ToString() : null;
        return (Text("title"), Text("detail"), Text("code"));
    }
}
