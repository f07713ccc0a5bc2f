using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.WebTests.Security;

/// <summary>
/// The operator and a structure's administrators run accounts; they are not recipients. Each test is an insider's
/// attempt to become a reader of health data, or to read more about colleagues than the directory shows.
/// </summary>
public sealed class InsiderTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    private static readonly Caller Platform = Caller.System("tests");

    [Fact]
    public async Task Operator_cannot_enrol_into_a_group_and_read_its_consultations()
    {
        var service = await ServiceAsync();
        var operatorSession = await OperatorAsync();
        var consultation = await TestConsultations.RequestToGroupAsync(service.Gp.Http, service.Group, "Souffle systolique ?", patient: new TestPatient("Operatorcanary"));

        var selfInvited = await operatorSession.Http.PostAsJsonAsync($"/api/v1/groups/{service.Group}/invitations", new { practitioner = operatorSession.Account.Id, role = "Doctor" });
        var invitedByAdmin = await service.Admin.Http.PostAsJsonAsync($"/api/v1/groups/{service.Group}/invitations", new { practitioner = operatorSession.Account.Id, role = "Doctor" });
        await operatorSession.Http.PostAsync($"/api/v1/groups/{service.Group}/accept", null);
        await service.Doctor.Http.GetAsync($"/api/v1/groups/{service.Group}"); // a ring holder opens the group page
        var report = await operatorSession.Http.GetAsync($"/consultations/{consultation}/report.pdf");
        var ring = await factory.Cluster.GetGrain<IGroupGrain>(service.Group).GetKeyRing(new PractitionerId(operatorSession.Account.Id));

        Assert.Equal(HttpStatusCode.Forbidden, selfInvited.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invitedByAdmin.StatusCode); // "an operator of the platform cannot be a group member"
        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        Assert.All(ring.Versions, v => Assert.Null(v.SealedToMember));
    }

    [Fact]
    public async Task Structure_admin_cannot_enrol_into_a_group_and_read_its_consultations()
    {
        var service = await ServiceAsync();
        var accomplice = await TestSessions.ActiveAsync(factory, "Complice", service.Structure);
        var consultation = await TestConsultations.RequestToGroupAsync(service.Gp.Http, service.Group, "Dyspnée d'effort ?", patient: new TestPatient("Admincanary"));

        var selfInvited = await service.Admin.Http.PostAsJsonAsync($"/api/v1/groups/{service.Group}/invitations", new { practitioner = service.Admin.Account.Id, role = "GroupAdmin" });
        var accompliceInvited = await service.Admin.Http.PostAsJsonAsync($"/api/v1/groups/{service.Group}/invitations", new { practitioner = accomplice.Account.Id, role = "Doctor" });
        await accomplice.Http.PostAsync($"/api/v1/groups/{service.Group}/accept", null);
        var seenByDoctor = await service.Doctor.Http.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{service.Group}"); // the ring holder's visit shares nothing
        var reportBefore = await accomplice.Http.GetAsync($"/consultations/{consultation}/report.pdf");
        var confirmedByGroupAdmin = await service.Doctor.Http.PostAsync($"/api/v1/groups/{service.Group}/members/{accomplice.Account.Id}/confirm", null);
        var reportAfter = await accomplice.Http.GetAsync($"/consultations/{consultation}/report.pdf");

        Assert.Equal(HttpStatusCode.Forbidden, selfInvited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, accompliceInvited.StatusCode); // administering accounts stays possible…
        var pending = seenByDoctor.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("practitioner").GetProperty("value").GetGuid() == accomplice.Account.Id);
        Assert.Equal("Accepted", pending.GetProperty("state").GetString()); // …but no key follows an outsider's invitation on its own
        Assert.True(pending.GetProperty("awaitsGroupAdmin").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, reportBefore.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, confirmedByGroupAdmin.StatusCode); // the group's own admin decides
        Assert.Equal(HttpStatusCode.OK, reportAfter.StatusCode);
    }

    [Fact]
    public async Task Operator_and_admins_cannot_take_a_structures_recovery_key()
    {
        var service = await ServiceAsync();
        var operatorSession = await OperatorAsync();

        var selfAppointed = await operatorSession.Http.PostAsJsonAsync($"/api/v1/structures/{service.Structure}/admins", new { practitioner = operatorSession.Account.Id });
        var operatorAppointed = await service.Admin.Http.PostAsJsonAsync($"/api/v1/structures/{service.Structure}/admins", new { practitioner = operatorSession.Account.Id });
        var adminSelf = await service.Doctor.Http.PostAsJsonAsync($"/api/v1/structures/{service.Structure}/admins", new { practitioner = service.Doctor.Account.Id });

        Assert.Equal(HttpStatusCode.Forbidden, selfAppointed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, operatorAppointed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminSelf.StatusCode);
        Assert.Null(await factory.Cluster.GetGrain<Contracts.Structures.IStructureGrain>(service.Structure).GetRecoveryKey(new PractitionerId(operatorSession.Account.Id), Platform));
    }

    [Fact]
    public async Task Member_removed_after_accepting_keeps_the_case_they_took_and_no_path_answers_500()
    {
        var service = await ServiceAsync();
        var second = await TestSessions.ActiveAsync(factory, "Second", service.Structure);
        await JoinAsync(service, second);
        var taken = await TestConsultations.RequestToGroupAsync(service.Gp.Http, service.Group, "Holter ?", patient: new TestPatient("Removedcanary"));
        var accepted = await second.Http.PostAsync($"/api/v1/consultations/{taken}/accept", null);

        var removed = await service.Doctor.Http.DeleteAsync($"/api/v1/groups/{service.Group}/members/{second.Account.Id}");
        var later = await TestConsultations.RequestToGroupAsync(service.Gp.Http, service.Group, "Échographie ?");
        var report = await second.Http.GetAsync($"/consultations/{taken}/report.pdf");
        var answered = await second.Http.PostAsJsonAsync($"/api/v1/consultations/{taken}/answer", new { opinion = "Holter sur 24 h.", actCode = "TE2" });
        var laterReport = await second.Http.GetAsync($"/consultations/{later}/report.pdf");
        var laterAccept = await second.Http.PostAsync($"/api/v1/consultations/{later}/accept", null);
        await using var hub = second.Hub(factory);
        await hub.StartAsync();
        var sent = await hub.InvokeAsync<long>("Send", taken, Guid.NewGuid(), "Résultat demain.");

        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("REMOVEDCANARY", PdfText(await report.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        Assert.True(sent > 0);
        Assert.Equal(HttpStatusCode.Forbidden, laterReport.StatusCode); // nothing new from the group they left
        Assert.Equal(HttpStatusCode.Forbidden, laterAccept.StatusCode);
    }

    [Fact]
    public async Task A_colleague_cannot_read_an_accounts_contact_details_status_or_hidden_entries()
    {
        var service = await ServiceAsync();
        var redListed = await TestSessions.ActiveAsync(factory, "Rouge", service.Structure);
        await factory.Cluster.GetGrain<IPractitionerGrain>(redListed.Account.Id).SetRedListed(true, Caller.Practitioner(redListed.Account.Id, null, null));
        var pending = await TestAccounts.RegisterAsync(factory.CreateClient(), service.Structure, "Attente");
        var colleague = service.Gp;

        var card = await colleague.Http.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/{service.Doctor.Account.Id}");
        var hidden = await colleague.Http.GetAsync($"/api/v1/practitioners/{redListed.Account.Id}");
        var notYetValidated = await colleague.Http.GetAsync($"/api/v1/practitioners/{pending.Id}");
        var seenByAdmin = await service.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/{pending.Id}");
        var structureForColleague = await colleague.Http.GetFromJsonAsync<JsonElement>($"/api/v1/structures/{service.Structure}");
        var structureForAdmin = await service.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/structures/{service.Structure}");

        Assert.Equal(service.Doctor.Account.Id, card.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("email").ValueKind);
        Assert.Equal(JsonValueKind.Null, card.GetProperty("status").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notYetValidated.StatusCode);
        Assert.Equal(pending.Email, seenByAdmin.GetProperty("email").GetString());
        Assert.Equal("Pending", seenByAdmin.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, structureForColleague.GetProperty("admins").ValueKind);
        Assert.Equal(JsonValueKind.Null, structureForColleague.GetProperty("recoveryPublicKey").ValueKind);
        Assert.Equal(service.Admin.Account.Id, structureForAdmin.GetProperty("admins")[0].GetProperty("value").GetGuid());
    }

    /// <summary>A hospital: its admin (not a member of any group), a cardiology service founded by a doctor, and a GP outside.</summary>
    private async Task<(TestSession Admin, TestSession Doctor, TestSession Gp, Guid Structure, Guid Group)> ServiceAsync()
    {
        var admin = await TestSessions.ActiveAsync(factory, "Admin");
        var structure = await TestAccounts.StructureAsync(factory, admin.Account.Id);
        var doctor = await TestSessions.ActiveAsync(factory, "Cardiologue", structure);
        var gp = await TestSessions.ActiveAsync(factory, "Generaliste");
        var group = Guid.NewGuid();
        await factory.Cluster.GetGrain<IGroupGrain>(group).Create(new GroupInfo("Cardiologie", structure), new PractitionerId(doctor.Account.Id), Platform);
        return (admin, doctor, gp, structure, group);
    }

    private async Task<TestSession> OperatorAsync()
    {
        var (http, cookies) = TestSessions.Client(factory);
        return new TestSession(await TestAccounts.OperatorAsync(factory, http), http, cookies);
    }

    // Invited by the group's founder (a ring holder), accepted, and confirmed when the founder opens the group.
    private async Task JoinAsync((TestSession Admin, TestSession Doctor, TestSession Gp, Guid Structure, Guid Group) service, TestSession member)
    {
        var invited = await service.Doctor.Http.PostAsJsonAsync($"/api/v1/groups/{service.Group}/invitations", new { practitioner = member.Account.Id, role = "Doctor" });
        Assert.Equal(HttpStatusCode.NoContent, invited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await member.Http.PostAsync($"/api/v1/groups/{service.Group}/accept", null)).StatusCode);
        await service.Doctor.Http.GetAsync($"/api/v1/groups/{service.Group}");
        Assert.True(await factory.Cluster.GetGrain<IGroupGrain>(service.Group).IsConfirmedMember(new PractitionerId(member.Account.Id)));
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text));
    }
}
