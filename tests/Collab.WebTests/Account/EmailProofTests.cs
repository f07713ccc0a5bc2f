using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.WebTests.Account;

/// <summary>An account's email address, proved by a code sent there: before validation, and before it changes.</summary>
public sealed class EmailProofTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task An_administrator_validates_only_once_the_code_sent_at_registration_came_back_and_it_works_once()
    {
        var admin = await TestSessions.ActiveAsync(factory, "Validatrice");
        var structure = await TestAccounts.StructureAsync(factory, admin.Account.Id, "Hôpital Preuve");
        var newcomer = await TestAccounts.RegisterAsync(factory.CreateClient(), structure, "Nouveau");
        var code = TestAccounts.EmailProofCode(factory, newcomer.Email);

        var tooEarly = await admin.Http.PostAsync($"/api/v1/practitioners/{newcomer.Id}/validate", null);
        var wrong = await Confirm(newcomer.Email, code == "000000" ? "000001" : "000000");
        var unknown = await Confirm($"personne.{Guid.NewGuid():N}@example.org", code);
        var right = await Confirm(newcomer.Email, code);
        var reused = await Confirm(newcomer.Email, code);
        var validated = await admin.Http.PostAsync($"/api/v1/practitioners/{newcomer.Id}/validate", null);

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
    }

    [Fact]
    public async Task A_login_with_an_emailed_code_proves_the_address_too()
    {
        var (http, _) = TestSessions.Client(factory);
        var account = await TestAccounts.RegisterAsync(http, lastName: "Connecte");
        await TestAccounts.LoginAsync(factory, http, account);

        var card = await factory.Cluster.GetGrain<IPractitionerGrain>(account.Id).GetCard(Caller.System("tests"));

        Assert.True(card!.Account!.EmailProved);
    }

    [Fact]
    public async Task A_new_address_replaces_the_old_one_only_when_its_code_comes_back_and_never_anothers()
    {
        var me = await TestSessions.ActiveAsync(factory, "Demenage");
        var other = await TestSessions.ActiveAsync(factory, "Voisine");
        var newEmail = $"demenage.{Guid.NewGuid():N}@chu-demo.fr";

        var taken = await me.Http.PostAsJsonAsync("/account/email", new { email = other.Account.Email });
        var malformed = await me.Http.PostAsJsonAsync("/account/email", new { email = "pas une adresse" });
        var asked = await me.Http.PostAsJsonAsync("/account/email", new { email = newEmail });
        var before = await me.Http.GetFromJsonAsync<JsonElement>("/account/profile");
        var code = TestAccounts.EmailProofCode(factory, newEmail);
        var byOther = await other.Http.PostAsJsonAsync("/account/email/confirm", new { code }); // the code is for my account, not theirs
        var confirmed = await me.Http.PostAsJsonAsync("/account/email/confirm", new { code });
        var after = await me.Http.GetFromJsonAsync<JsonElement>("/account/profile");
        var oldLogin = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = me.Account.Email, password = me.Account.Password });
        var newLogin = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = newEmail, password = me.Account.Password });

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(me.Account.Email, before.GetProperty("email").GetString());
        Assert.Equal(newEmail, before.GetProperty("pendingEmail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Equal(newEmail, after.GetProperty("email").GetString());
        Assert.True(after.GetProperty("emailProved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("pendingEmail").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, oldLogin.StatusCode);
        Assert.Contains(factory.Outbox.Messages, m => m.To == me.Account.Email && m.Subject == "Collab : votre adresse e-mail a changé" && m.Body.Contains(newEmail, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, newLogin.StatusCode);
    }

    private Task<HttpResponseMessage> Confirm(string email, string code) =>
        factory.CreateClient().PostAsJsonAsync("/account/email/confirm", new { email, code });
}
