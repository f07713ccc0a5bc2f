using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;
using OtpNet;

namespace Collab.WebTests.Account;

public sealed class LoginTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task Password_then_emailed_code_logs_in()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);

        var step = await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var factors = (await step.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secondFactors").EnumerateArray().Select(f => f.GetString()).ToList();
        var code = await TestAccounts.EmailedCodeAsync(factory, client, account);
        var verified = await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });
        var me = await client.GetFromJsonAsync<JsonElement>("/account/me");

        Assert.Equal(["EmailCode", "SmsCode"], factors);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(account.Id, me.GetProperty("practitioner").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_code_step_needs_the_password_step_first()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code = "123456" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_used_code_is_refused()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var code = await TestAccounts.EmailedCodeAsync(factory, client, account);
        await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });

        var attacker = factory.CreateClient();
        await attacker.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var replay = await attacker.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var code = await TestAccounts.EmailedCodeAsync(factory, client, account);

        factory.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var late = await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });

        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
    }

    [Fact]
    public async Task Failures_slow_down_then_lock_the_account_for_a_while()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        Task<HttpResponseMessage> Wrong() => client.PostAsJsonAsync("/account/login", new { email = account.Email, password = "pas le bon mot de passe" });
        Task<HttpResponseMessage> Right() => client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add((await Wrong()).StatusCode);
        }

        var tooSoon = await Right();
        for (var failure = 5; failure <= 10; failure++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past each growing delay
            Assert.Equal(HttpStatusCode.Unauthorized, (await Wrong()).StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var locked = await Right();
        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var unlocked = await Right();

        Assert.All(first, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(10, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE object_id = '{account.Id}' AND action = 'login.password' AND outcome <> 1"));
        // Refusals happen before the account is looked up: they are traced under the login identifier's digest.
        Assert.Equal(3, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE object_type = 'login' AND object_id = '{Collab.Grains.Access.LoginThrottleGrain.KeyFor(account.Email)}' AND action IN ('login.throttled', 'login.locked', 'login.lock')"));
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = "personne@example.org", password = "une phrase de passe assez longue" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Wrong email or password.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Totp_enrolled_then_used_to_log_in_and_a_code_works_once()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.ActiveAsync(factory, client);
        var enrollment = await (await client.PostAsync("/account/totp", null)).Content.ReadFromJsonAsync<JsonElement>();
        var totp = new Totp(Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()));
        var confirmed = await client.PostAsJsonAsync("/account/totp/confirm", new { code = totp.ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime) });
        await client.PostAsync("/account/logout", null);

        factory.Clock.Advance(TimeSpan.FromSeconds(60)); // a later 30 s step than the confirmation's
        var step = await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var factors = (await step.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secondFactors").EnumerateArray().Select(f => f.GetString()).ToList();
        var code = totp.ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime);
        var loggedIn = await client.PostAsJsonAsync("/account/login/verify", new { factor = "Totp", code });
        await client.PostAsync("/account/logout", null);
        await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var replay = await client.PostAsJsonAsync("/account/login/verify", new { factor = "Totp", code });

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Contains("Totp", factors);
        Assert.Equal(HttpStatusCode.OK, loggedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task A_remembered_device_stands_for_the_second_factor_until_revoked()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(client);
        await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        var code = await TestAccounts.EmailedCodeAsync(factory, client, account);
        await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code, rememberDevice = true, deviceName = "Poste du service" });
        var devices = await client.GetFromJsonAsync<JsonElement>("/account/devices");
        await client.PostAsync("/account/logout", null);

        var remembered = await (await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password })).Content.ReadFromJsonAsync<JsonElement>();
        await client.DeleteAsync($"/account/devices/{devices[0].GetProperty("id").GetGuid()}");
        await client.PostAsync("/account/logout", null);
        var afterRevoke = await (await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("Poste du service", devices[0].GetProperty("name").GetString());
        Assert.True(remembered.GetProperty("loggedIn").GetBoolean());
        Assert.False(afterRevoke.GetProperty("loggedIn").GetBoolean());
    }

    [Fact]
    public async Task Second_factor_settings_need_a_recent_password()
    {
        var client = factory.CreateClient();
        await TestAccounts.ActiveAsync(factory, client);

        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var stale = await client.PostAsync("/account/totp", null);
        var wrong = await client.PostAsJsonAsync("/account/reauthenticate", new { password = "pas le bon mot de passe" });

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal("ReauthenticationRequired", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task Reauthenticating_opens_the_second_factor_settings_again()
    {
        var client = factory.CreateClient();
        var me = await TestAccounts.ActiveAsync(factory, client);

        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var reauthenticated = await client.PostAsJsonAsync("/account/reauthenticate", new { password = me.Password });
        var fresh = await client.PostAsync("/account/totp", null);

        Assert.Equal(HttpStatusCode.NoContent, reauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }
}
