using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.WebTests.Account;

/// <summary>A person's decision on an account is told to its holder: a validation, a refusal or a suspension with the administrator's reason (sent, never kept).</summary>
public sealed class DecisionReasonTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task A_validated_refused_or_suspended_person_is_emailed_and_the_reason_given_is_stored_nowhere()
    {
        var (adminAccount, admin) = await TestAccounts.LoggedInAsync(factory, "Decideuse");
        var structure = await TestAccounts.StructureAsync(factory, adminAccount.Id);
        var pending = await TestAccounts.RegisterAsync(factory.CreateClient(), structure, "Refusee");
        var member = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), structure, "Suspendue");
        var canary = "CANARY" + Guid.NewGuid().ToString("N");

        var tooLong = await admin.PostAsJsonAsync($"/api/v1/practitioners/{pending.Id}/reject", new { reason = new string('x', 1001) });
        var rejected = await admin.PostAsJsonAsync($"/api/v1/practitioners/{pending.Id}/reject", new { reason = $"Numéro RPPS introuvable {canary}" });
        var suspended = await admin.PostAsync($"/api/v1/practitioners/{member.Id}/suspend", null);
        var newcomer = await TestAccounts.RegisterAsync(factory.CreateClient(), structure, "Validee");
        await TestAccounts.ProveEmailAsync(factory, newcomer);
        var validated = await admin.PostAsync($"/api/v1/practitioners/{newcomer.Id}/validate", null);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        var refusal = factory.Outbox.Messages.First(m => m.To == pending.Email && m.Subject == "Collab : demande de compte refusée");
        Assert.Contains($"Numéro RPPS introuvable {canary}", refusal.Body, StringComparison.Ordinal);
        var suspension = factory.Outbox.Messages.First(m => m.To == member.Email && m.Subject == "Collab : compte suspendu");
        Assert.Contains("aucun motif précisé", suspension.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Contains("/login", factory.Outbox.Messages.First(m => m.To == newcomer.Email && m.Subject == "Collab : compte validé").Body, StringComparison.Ordinal);
        Assert.Equal(AccountStatus.Rejected, (await factory.Cluster.GetGrain<IPractitionerGrain>(pending.Id).GetStanding()).Status);
        Assert.Empty(TestDatabase.FormsFoundIn(await factory.Database.DumpAsync(), canary));
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Contains(canary, StringComparison.Ordinal));
    }
}
