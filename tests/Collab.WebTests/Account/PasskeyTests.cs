using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Collab.Testing;

namespace Collab.WebTests.Account;

/// <summary>
/// Passkeys through <c>/account</c>, answered by a software authenticator: added by the holder, then standing for the
/// second factor; a replayed, wrong-site or foreign answer gets nothing.
/// </summary>
public sealed class PasskeyTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    // The platform's public address in tests (Web:PublicUrl's default): the relying party the browser would see.
    private const string Origin = "http://localhost:5080";

    [Fact]
    public async Task A_passkey_added_by_its_holder_stands_for_the_second_factor_once_per_challenge()
    {
        var me = await TestSessions.ActiveAsync(factory, "Passkey");
        using var authenticator = new SoftwareAuthenticator(Origin);
        var added = await AddAsync(me.Http, authenticator, "Ordinateur du service");

        var (login, step) = await PasswordStepAsync(me.Account);
        var options = await login.PostAsync("/account/login/passkey", null);
        var answer = authenticator.Get(await options.Content.ReadFromJsonAsync<JsonElement>());
        var verified = await Verify(login, answer);
        var replayed = await Verify((await PasswordStepAsync(me.Account)).Http, answer);
        var list = await me.Http.GetFromJsonAsync<JsonElement>("/account/passkeys");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains("Passkey", step.GetProperty("secondFactors").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await login.GetAsync("/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode); // no ceremony under way for that answer
        Assert.Equal("Ordinateur du service", list[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, list[0].GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task An_answer_for_another_site_or_with_a_counter_gone_back_is_refused()
    {
        var me = await TestSessions.ActiveAsync(factory, "Hameconne");
        using var authenticator = new SoftwareAuthenticator(Origin);
        await AddAsync(me.Http, authenticator, "Clé");
        using var phished = new SoftwareAuthenticator("https://collab-sante.example");

        var wrongSiteAdd = await AddAsync(me.Http, phished, "Clé du faux site");
        var (login, _) = await PasswordStepAsync(me.Account);
        var options = await (await login.PostAsync("/account/login/passkey", null)).Content.ReadFromJsonAsync<JsonElement>();
        authenticator.Origin = "https://collab-sante.example"; // the right key, signing for a look-alike site
        var refusedSite = await Verify(login, authenticator.Get(options));
        authenticator.Origin = Origin;

        (login, _) = await PasswordStepAsync(me.Account);
        await Verify(login, authenticator.Get(await (await login.PostAsync("/account/login/passkey", null)).Content.ReadFromJsonAsync<JsonElement>()));
        (login, _) = await PasswordStepAsync(me.Account);
        authenticator.Counter = 1; // a cloned authenticator replays an old counter
        var refusedClone = await Verify(login, authenticator.Get(await (await login.PostAsync("/account/login/passkey", null)).Content.ReadFromJsonAsync<JsonElement>()));

        Assert.Equal(HttpStatusCode.BadRequest, wrongSiteAdd.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedSite.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedClone.StatusCode);
        Assert.Single((await me.Http.GetFromJsonAsync<JsonElement>("/account/passkeys")).EnumerateArray());
    }

    [Fact]
    public async Task A_garbage_or_reused_registration_is_refused_and_another_holders_passkey_cannot_be_removed()
    {
        var me = await TestSessions.ActiveAsync(factory, "Registre");
        var other = await TestSessions.ActiveAsync(factory, "Voisin");
        using var authenticator = new SoftwareAuthenticator(Origin);

        await me.Http.PostAsync("/account/passkeys/options", null);
        var garbage = await me.Http.PostAsJsonAsync("/account/passkeys", new { credential = new { id = "AAAA", type = "public-key" }, name = "x" });
        var missing = await me.Http.PostAsJsonAsync("/account/passkeys", new { name = "sans réponse" });
        var options = await (await me.Http.PostAsync("/account/passkeys/options", null)).Content.ReadFromJsonAsync<JsonElement>();
        var answer = authenticator.Create(options);
        var first = await me.Http.PostAsJsonAsync("/account/passkeys", new { credential = answer, name = "Clé" });
        var reused = await me.Http.PostAsJsonAsync("/account/passkeys", new { credential = answer, name = "Clé encore" });
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var byOther = await other.Http.DeleteAsync($"/account/passkeys/{id}");
        var byHolder = await me.Http.DeleteAsync($"/account/passkeys/{id}");
        var noneLeft = await PasswordStepAsync(me.Account);

        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byHolder.StatusCode);
        Assert.DoesNotContain("Passkey", noneLeft.Step.GetProperty("secondFactors").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await noneLeft.Http.PostAsync("/account/login/passkey", null)).StatusCode);
    }

    private static async Task<HttpResponseMessage> AddAsync(HttpClient http, SoftwareAuthenticator authenticator, string name)
    {
        var options = await (await http.PostAsync("/account/passkeys/options", null)).Content.ReadFromJsonAsync<JsonElement>();
        return await http.PostAsJsonAsync("/account/passkeys", new { credential = authenticator.Create(options), name });
    }

    private async Task<(HttpClient Http, JsonElement Step)> PasswordStepAsync(TestAccount account)
    {
        var (http, _) = TestSessions.Client(factory);
        var step = await http.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        return (http, await step.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static Task<HttpResponseMessage> Verify(HttpClient http, JsonObject answer) =>
        http.PostAsJsonAsync("/account/login/verify", new { factor = "Passkey", code = answer.ToJsonString() });
}
