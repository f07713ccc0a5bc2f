using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;
using Collab.Web.Audit;

namespace Collab.WebTests.Audit;

/// <summary>The audit viewer over HTTP: who read a consultation, scoped to the administrator's structure, itself traced.</summary>
public sealed class AuditViewerTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task A_structure_admin_sees_the_three_readers_and_the_refused_one_and_viewing_is_traced()
    {
        var adminHttp = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminHttp, lastName: "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id);
        var otherAdminHttp = factory.CreateClient();
        var otherAdmin = await TestAccounts.ActiveAsync(factory, otherAdminHttp, lastName: "Ailleurs");
        var otherStructure = await TestAccounts.StructureAsync(factory, otherAdmin.Id, "Clinique Ailleurs");
        var (gp, gpHttp) = await MemberAsync(structure, "Generaliste");
        var (first, firstHttp) = await MemberAsync(structure, "Premiere");
        var (second, secondHttp) = await MemberAsync(structure, "Seconde");
        var (outsider, outsiderHttp) = await MemberAsync(structure, "Curieux");
        var group = (await (await adminHttp.PostAsJsonAsync("/api/v1/groups", new { name = "Cardiologie", structure })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (member, http) in new[] { (first, firstHttp), (second, secondHttp) })
        {
            await adminHttp.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Id, role = "Doctor" });
            await http.PostAsync($"/api/v1/groups/{group}/accept", null);
        }

        await adminHttp.GetAsync($"/api/v1/groups/{group}"); // the admin online confirms both (seals the group's keys to them)
        var created = await gpHttp.PostAsJsonAsync("/api/v1/consultations", new
        {
            requiredGroup = group,
            patient = new { lastName = "Durand", firstName = "Jeanne", birthDate = "1969-02-14", sex = "Female", nir = (string?)null },
            question = "Holter ?",
            description = "Contexte.",
            consentToShare = true,
            send = true,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        foreach (var http in new[] { gpHttp, firstHttp, secondHttp, firstHttp })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/consultations/{id}/report.pdf")).StatusCode);
        }

        var refused = await outsiderHttp.GetAsync($"/consultations/{id}/report.pdf");
        var readers = await adminHttp.GetFromJsonAsync<List<ReaderSummary>>($"/api/v1/audit/consultations/{id}/readers?structure={structure}");
        var otherAdminRefused = await otherAdminHttp.GetAsync($"/api/v1/audit/consultations/{id}/readers?structure={structure}");
        var otherAdminOwn = await otherAdminHttp.GetFromJsonAsync<List<ReaderSummary>>($"/api/v1/audit/consultations/{id}/readers?structure={otherStructure}");
        var practitionerRefused = await gpHttp.GetAsync($"/api/v1/audit/consultations/{id}/readers?structure={structure}");
        var csv = await adminHttp.GetStringAsync($"/api/v1/audit/export.csv?structure={structure}&objectId={id}&category=Access");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(
            [("practitioner:" + gp.Id, false), ("practitioner:" + first.Id, false), ("practitioner:" + second.Id, false), ("practitioner:" + outsider.Id, true)],
            readers!.Select(r => (r.Actor, r.Refused)));
        Assert.Contains("Premiere", readers![1].Name, StringComparison.Ordinal);
        Assert.True(readers[1].Count > readers[2].Count); // the first member opened the report twice
        Assert.Contains("consultation.download.report", readers[0].Actions);
        Assert.Equal(["consultation.access"], readers[3].Actions);
        Assert.Equal(HttpStatusCode.Forbidden, otherAdminRefused.StatusCode);
        Assert.Empty(otherAdminOwn!); // none of the readers belongs to the other structure
        Assert.Equal(HttpStatusCode.Forbidden, practitionerRefused.StatusCode);
        var lines = csv.TrimEnd().Split('\n');
        Assert.StartsWith("occurred_at_utc,category,actor", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(readers.Sum(r => r.Count), lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(id.ToString(), l, StringComparison.Ordinal));
        Task<long> Viewings(TestAccount who, int outcome) =>
            factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = 'audit.view' AND actor = 'practitioner:{who.Id}' AND outcome = {outcome}");
        Assert.Equal(2, await Viewings(admin, 1)); // the readers, the CSV
        Assert.Equal(1, await Viewings(otherAdmin, 1));
        Assert.Equal(1, await Viewings(otherAdmin, 2));
        Assert.Equal(1, await Viewings(gp, 2));

        // The traces page defaults to the structure its viewer administers, member of it or not.
        var page = WebUtility.HtmlDecode(await adminHttp.GetStringAsync("/admin/audit"));
        Assert.Contains("consultation.download.report", page, StringComparison.Ordinal);
    }

    private async Task<(TestAccount Account, HttpClient Http)> MemberAsync(Guid structure, string lastName)
    {
        var http = factory.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(new CookieContainer()));
        return (await TestAccounts.ActiveAsync(factory, http, structure, lastName), http);
    }
}
