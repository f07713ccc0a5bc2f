using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;

namespace Collab.WebTests.Compliance;

/// <summary>The operator's breach register over HTTP: record, notify the affected users by email within 48 hours, traced.</summary>
public sealed class BreachNotificationTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task The_operator_records_an_incident_and_notifies_each_affected_user_once_with_the_deadline_traced()
    {
        var operatorHttp = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, operatorHttp);
        var adminHttp = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminHttp, lastName: "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id, "Clinique Fuite");
        var member = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), structure, "Membre");
        var colleague = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), structure, "Collegue");
        var outsider = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), lastName: "Dehors");
        var bystander = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), lastName: "Epargne");
        var detected = factory.Clock.GetUtcNow().AddHours(-10);

        var refused = await adminHttp.PostAsJsonAsync("/api/v1/breaches", Report(detected));
        var invalid = await operatorHttp.PostAsJsonAsync("/api/v1/breaches", Report(detected) with { Cause = " " });
        var recorded = await operatorHttp.PostAsJsonAsync("/api/v1/breaches", Report(detected));
        var breach = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        var id = breach.GetProperty("id").GetGuid();
        var before = factory.Outbox.Messages.Count;
        var unknown = await operatorHttp.PostAsJsonAsync($"/api/v1/breaches/{id}/notify", new { emails = new[] { outsider.Email, "personne@nulle-part.fr" } });
        var afterUnknown = factory.Outbox.Messages.Count;
        var notified = await operatorHttp.PostAsJsonAsync($"/api/v1/breaches/{id}/notify", new { emails = new[] { outsider.Email, member.Email }, structures = new[] { structure } });
        var again = await operatorHttp.PostAsJsonAsync($"/api/v1/breaches/{id}/notify", new { emails = new[] { outsider.Email } });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("cause", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(detected.AddHours(48), breach.GetProperty("notificationDeadline").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(before, afterUnknown); // nobody is told when the selection is wrong
        Assert.Equal(HttpStatusCode.OK, notified.StatusCode);
        var view = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            new[] { colleague.Email, member.Email, outsider.Email }.Order(),
            view.GetProperty("notified").EnumerateArray().Select(n => n.GetProperty("email").GetString()!).Order());
        // This breach's notices (the factory is shared with the class's other tests): its reference is in each one.
        var notices = factory.Outbox.Messages.Where(m => m.Subject?.Contains("violation", StringComparison.Ordinal) == true && m.Body.Contains(id.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { colleague.Email, member.Email, outsider.Email }.Order(), notices.Select(m => m.To).Order()); // once each, despite the repeats
        Assert.DoesNotContain(notices, m => m.To == bystander.Email || m.To == admin.Email); // the admin holds no account of the structure
        Assert.All(notices, m =>
        {
            Assert.Contains("Sauvegarde exposée", m.Body, StringComparison.Ordinal);
            Assert.Contains("adresses électroniques", m.Body, StringComparison.Ordinal);
            Assert.Contains("mauvais droits", m.Body, StringComparison.Ordinal);
        });
        var traces = await factory.Database.RowsAsync($"SELECT action, detail FROM audit_event WHERE object_type = 'breach' AND object_id = '{id}' ORDER BY seq");
        Assert.Equal(["breach.record", "breach.notify", "breach.notify"], traces.Select(t => (string)t[0]!));
        var notifyDetail = JsonDocument.Parse((string)traces[1][1]!).RootElement;
        Assert.Equal(detected.AddHours(48), notifyDetail.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(3, notifyDetail.GetProperty("notified").GetInt32());
        Assert.Equal(0, notifyDetail.GetProperty("late").GetInt32());
    }

    [Fact]
    public async Task Notices_sent_after_48_hours_are_marked_late_in_the_register_and_the_trace()
    {
        var operatorHttp = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, operatorHttp);
        var affected = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), lastName: "Tardif");
        var recorded = await operatorHttp.PostAsJsonAsync("/api/v1/breaches", Report(factory.Clock.GetUtcNow().AddHours(-49)));
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var notified = await (await operatorHttp.PostAsJsonAsync($"/api/v1/breaches/{id}/notify", new { practitioners = new[] { affected.Id } })).Content.ReadFromJsonAsync<JsonElement>();
        var page = WebUtility.HtmlDecode(await operatorHttp.GetStringAsync("/admin/breaches"));

        Assert.True(notified.GetProperty("anyLate").GetBoolean());
        Assert.Contains("échéance dépassée", page, StringComparison.Ordinal);
        var detail = await factory.Database.ScalarAsync<string>($"SELECT detail FROM audit_event WHERE action = 'breach.notify' AND object_id = '{id}'");
        Assert.Equal(1, JsonDocument.Parse(detail!).RootElement.GetProperty("late").GetInt32());
    }

    private static BreachInput Report(DateTimeOffset detected) => new(
        "Sauvegarde exposée sur un stockage mal configuré", detected.AddHours(-2), detected,
        "Noms et adresses électroniques des comptes ; aucune donnée de santé (chiffrée)", "Stockage objet publié avec de mauvais droits", "Accès fermé, clés renouvelées");

    private sealed record BreachInput(string What, DateTimeOffset OccurredAt, DateTimeOffset DetectedAt, string Data, string Cause, string? Measures);
}
