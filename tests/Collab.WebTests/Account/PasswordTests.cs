using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Testing;

namespace Collab.WebTests.Account;

public sealed class PasswordTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task A_password_change_keeps_the_same_private_key_and_the_old_password_stops_working()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.ActiveAsync(factory, client);
        var before = await KeysAsync(account.Id);
        const string newPassword = "un nouveau mot de passe pour 2027";

        var wrongCurrent = await client.PostAsJsonAsync("/account/password", new { currentPassword = "pas le bon mot de passe", newPassword });
        var changed = await client.PostAsJsonAsync("/account/password", new { currentPassword = account.Password, newPassword });
        var after = await KeysAsync(account.Id);
        using var opened = UserKeyWrapping.UnwrapWithPassword(after.PasswordWrapped, after.PublicKey, newPassword);
        using var openedBefore = UserKeyWrapping.UnwrapWithPassword(before.PasswordWrapped, before.PublicKey, account.Password);
        var oldPassword = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(before.PublicKey, after.PublicKey);
        Assert.Equal(openedBefore.PrivateKey, opened.PrivateKey);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
    }

    [Fact]
    public async Task A_reset_by_recovery_code_keeps_the_key_issues_a_new_code_and_ends_other_sessions()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.ActiveAsync(factory, client);
        var before = await KeysAsync(account.Id);
        const string newPassword = "retrouvé grâce au code de secours";

        var wrongCode = await factory.CreateClient().PostAsJsonAsync("/account/recover", new { email = account.Email, recoveryCode = RecoveryCode.New().ToString(), newPassword });
        var reset = await factory.CreateClient().PostAsJsonAsync("/account/recover", new { email = account.Email, recoveryCode = account.RecoveryCode, newPassword });
        var newCode = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCode").GetString()!;
        var oldSession = await client.GetAsync($"/api/v1/practitioners/{account.Id}");
        var reused = await factory.CreateClient().PostAsJsonAsync("/account/recover", new { email = account.Email, recoveryCode = account.RecoveryCode, newPassword });
        var after = await KeysAsync(account.Id);
        using var opened = UserKeyWrapping.UnwrapWithRecoveryCode(after.RecoveryWrapped, after.PublicKey, newCode);
        using var openedBefore = UserKeyWrapping.UnwrapWithPassword(before.PasswordWrapped, before.PublicKey, account.Password);
        var login = factory.CreateClient();
        await TestAccounts.LoginAsync(factory, login, account with { Password = newPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.NotEqual(account.RecoveryCode, newCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(openedBefore.PrivateKey, opened.PrivateKey);
        Assert.Equal(HttpStatusCode.OK, (await login.GetAsync($"/api/v1/practitioners/{account.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_structure_admin_resets_a_forgotten_password_through_the_escrow_and_the_key_stays_the_same()
    {
        var adminClient = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminClient, lastName: "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id);
        var memberClient = factory.CreateClient();
        var member = await TestAccounts.ActiveAsync(factory, memberClient, structure, "Oublieuse");
        var before = await KeysAsync(member.Id);
        const string temporary = "provisoire donné par l'admin";
        var outsiderClient = factory.CreateClient();
        await TestAccounts.ActiveAsync(factory, outsiderClient, lastName: "Etranger");

        var byOutsider = await outsiderClient.PostAsJsonAsync($"/api/v1/practitioners/{member.Id}/escrow-reset", new { temporaryPassword = temporary });
        var reset = await adminClient.PostAsJsonAsync($"/api/v1/practitioners/{member.Id}/escrow-reset", new { temporaryPassword = temporary });
        var oldSession = await memberClient.GetAsync($"/api/v1/practitioners/{member.Id}");
        var oldPassword = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = member.Email, password = member.Password });
        var after = await KeysAsync(member.Id);
        using var opened = UserKeyWrapping.UnwrapWithPassword(after.PasswordWrapped, after.PublicKey, temporary);
        using var openedBefore = UserKeyWrapping.UnwrapWithPassword(before.PasswordWrapped, before.PublicKey, member.Password);

        Assert.NotNull(before.EscrowSealed);
        Assert.Equal(HttpStatusCode.Forbidden, byOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(openedBefore.PrivateKey, opened.PrivateKey);
        Assert.Equal(1, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'practitioner.keys.escrow-reset' AND object_id = '{member.Id}' AND actor = 'practitioner:{admin.Id}'"));
    }

    private Task<Contracts.Keys.UserKeyMaterial> KeysAsync(Guid id) =>
        factory.Cluster.GetGrain<IPractitionerKeysGrain>(id).GetKeys(Caller.System("tests"))!;
}
