using System.Net;
using System.Net.Http.Json;
using Collab.Contracts.Audit;
using Collab.Contracts.Practitioners;
using Collab.Silo.Compliance;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Collab.WebTests.Compliance;

/// <summary>Unusual access: the detector's three rules on real traces, the administrator told, the user told before a restriction.</summary>
public sealed class UnusualAccessTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task Each_rule_flags_once_notifies_the_admin_and_a_restriction_needs_the_user_told_first()
    {
        var minute = factory.Clock.GetUtcNow().Minute;
        if (minute >= 50)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(61 - minute)); // keep the whole test inside one hour window
        }

        var adminHttp = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminHttp, lastName: "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id, "Clinique Vigilante");
        var userHttp = factory.CreateClient();
        var user = await TestAccounts.ActiveAsync(factory, userHttp, structure, "Boulimique");
        var outsiderHttp = factory.CreateClient();
        var outsider = await TestAccounts.ActiveAsync(factory, outsiderHttp, structure, "Curieux");
        var opened = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var id = await TestConsultations.RequestAsync(userHttp, admin.Id, "Avis ?", send: false, new TestPatient($"Patient{i}"));
            Assert.Equal(HttpStatusCode.OK, (await userHttp.GetAsync($"/consultations/{id}/report.pdf")).StatusCode);
            opened.Add(id);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await outsiderHttp.GetAsync($"/consultations/{opened[0]}/report.pdf")).StatusCode);
        }

        var parisHour = TimeZoneInfo.ConvertTime(factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).Hour;
        var detector = new UnusualAccessDetector(
            factory.Services.GetRequiredService<NpgsqlDataSource>(), factory.Cluster,
            new UnusualAccessOptions { PatientsPerHour = 3, RefusalsPerHour = 3, QuietHoursStart = parisHour, QuietHoursEnd = (parisHour + 1) % 24, QuietHoursPatients = 4 },
            factory.Clock);
        var strict = new UnusualAccessDetector(
            factory.Services.GetRequiredService<NpgsqlDataSource>(), factory.Cluster,
            new UnusualAccessOptions { PatientsPerHour = 4, RefusalsPerHour = 4, QuietHoursStart = (parisHour + 1) % 24, QuietHoursEnd = (parisHour + 2) % 24 },
            factory.Clock);

        var notAboveThresholds = await strict.ScanAsync();
        var raised = await detector.ScanAsync();
        var again = await detector.ScanAsync();

        Assert.DoesNotContain(notAboveThresholds, f => f.Practitioner == user.Id || f.Practitioner == outsider.Id);
        var ours = raised.Where(f => f.Practitioner == user.Id || f.Practitioner == outsider.Id).Select(f => (f.Practitioner, f.Rule, f.Observed)).Order().ToList();
        Assert.Equal(new[] { (user.Id, AccessRule.ManyPatients, 4), (user.Id, AccessRule.QuietHours, 4), (outsider.Id, AccessRule.RepeatedRefusals, 3) }.Order(), ours);
        Assert.Empty(again);
        var alerts = factory.Outbox.Messages.Where(m => m.To == admin.Email && m.Subject == "Collab : accès inhabituel à vérifier").ToList();
        Assert.Equal(3, alerts.Count);
        Assert.DoesNotContain(alerts, m => m.Body.Contains("Patient", StringComparison.Ordinal)); // names the account and the rule, never what was opened
        var listed = await adminHttp.GetFromJsonAsync<List<FlagRow>>($"/api/v1/audit/flags?structure={structure}", TestConsultations.Json);
        Assert.Equal(3, listed!.Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await userHttp.GetAsync($"/api/v1/audit/flags?structure={structure}")).StatusCode);
        var adminPage = WebUtility.HtmlDecode(await adminHttp.GetStringAsync("/admin"));
        Assert.Contains("Nombreux patients en une heure", adminPage, StringComparison.Ordinal); // the admin's own page lists them, with Warn and Restrict
        Assert.Contains("Prévenir", adminPage, StringComparison.Ordinal);
        Assert.Equal(2, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = 'audit.flags.view' AND actor = 'practitioner:{admin.Id}'")); // the API, the page

        var tooSoon = await adminHttp.PostAsync($"/api/v1/practitioners/{user.Id}/restrict", null);
        var warned = await adminHttp.PostAsJsonAsync($"/api/v1/practitioners/{user.Id}/restriction-warning", new { reason = "Quatre dossiers ouverts en quelques minutes" });
        var restricted = await adminHttp.PostAsync($"/api/v1/practitioners/{user.Id}/restrict", null);
        var whileRestricted = await userHttp.GetAsync($"/consultations/{opened[1]}/report.pdf");
        var ownProfile = await userHttp.GetAsync("/account/me");
        var lifted = await adminHttp.PostAsync($"/api/v1/practitioners/{user.Id}/reactivate", null);
        var afterLift = await userHttp.GetAsync($"/consultations/{opened[1]}/report.pdf");

        Assert.Equal(HttpStatusCode.Conflict, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains(factory.Outbox.Messages, m => m.To == user.Email && m.Body.Contains("Quatre dossiers ouverts", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, restricted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, whileRestricted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownProfile.StatusCode); // still logged in: they can read why and contact their admin
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterLift.StatusCode);
        var actions = await factory.Database.RowsAsync($"SELECT action FROM audit_event WHERE object_type = 'practitioner' AND object_id = '{user.Id}' AND action LIKE 'practitioner.%' ORDER BY occurred_at, seq");
        Assert.Equal(
            ["practitioner.access.flag", "practitioner.access.flag", "practitioner.restriction.warn", "practitioner.restrict", "practitioner.reactivate"],
            actions.Select(a => (string)a[0]!).Where(a => a is not "practitioner.register" and not "practitioner.validate"));
    }

}
