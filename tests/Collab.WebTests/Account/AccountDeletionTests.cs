using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Silo.Audit;
using Collab.Testing;
using Collab.Web.Consultations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Collab.WebTests.Account;

/// <summary>Users' rights (their own export, deleting their account) and a structure's end of contract, over HTTP.</summary>
public sealed class AccountDeletionTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task A_user_exports_their_data_then_deletes_their_account_and_what_they_shared_stays_with_the_others()
    {
        var (gpAccount, gp) = await TestAccounts.LoggedInAsync(factory, "Partant");
        var (specialistAccount, specialist) = await TestAccounts.LoggedInAsync(factory, "Restant");
        var draft = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Brouillon seul", send: false);
        var shared = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Question partagée", send: true);
        await specialist.PostAsync($"/api/v1/consultations/{shared}/accept", null);
        await specialist.PostAsJsonAsync($"/api/v1/consultations/{shared}/answer", new { opinion = "Avis partagé.", actCode = "TE2" });
        var structure = await TestAccounts.StructureAsync(factory, gpAccount.Id, "Cabinet du partant");
        var group = (await (await gp.PostAsJsonAsync("/api/v1/groups", new { name = "Groupe du partant", structure })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var export = await gp.GetAsync("/api/v1/me/export");
        var document = (await export.Content.ReadFromJsonAsync<AccountExportDocument>(TestConsultations.Json))!;
        var lastKeyHolder = await gp.DeleteAsync("/account");
        await gp.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = specialistAccount.Id, role = "Doctor" });
        await specialist.PostAsync($"/api/v1/groups/{group}/accept", null);
        await gp.GetAsync($"/api/v1/groups/{group}"); // the founder online confirms the new member (seals the group's keys to them)
        var deleted = await gp.DeleteAsync("/account");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(PatientRights.AccountFormat, document.Format);
        Assert.Equal(gpAccount.Email, document.Profile.Email);
        Assert.Equal(["Groupe du partant"], document.Groups);
        Assert.Equal(new[] { "Brouillon seul", "Question partagée" }.Order(), document.Consultations.Select(c => c.Question).Order());
        Assert.Equal("Avis partagé.", document.Consultations.Single(c => c.Id == shared).Opinion);
        Assert.Equal(HttpStatusCode.Conflict, lastKeyHolder.StatusCode);
        Assert.Contains("Groupe du partant", await lastKeyHolder.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var deletion = (await deleted.Content.ReadFromJsonAsync<AccountDeletion>(TestConsultations.Json))!;
        Assert.Equal((1, 1, 1), (deletion.ConsultationsDestroyed, deletion.ConsultationsKeptByOthers, deletion.GroupsLeft));

        Assert.Equal(HttpStatusCode.Unauthorized, (await gp.GetAsync("/account/me")).StatusCode); // the session ended with the account
        var relogin = await factory.CreateClient().PostAsJsonAsync("/account/login", new { email = gpAccount.Email, password = gpAccount.Password });
        Assert.False(relogin.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await specialist.GetAsync($"/consultations/{shared}/report.pdf")).StatusCode); // the other party keeps it
        Assert.Equal(HttpStatusCode.OK, (await specialist.GetAsync($"/api/v1/groups/{group}")).StatusCode);
        Assert.NotNull(await factory.Database.ScalarAsync<string>($"SELECT detail FROM audit_event WHERE action = 'consultation.destroy' AND object_id = '{draft}'"));
        Assert.Equal(0, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM directory_entry WHERE id = '{gpAccount.Id}'"));
        Assert.Equal(0, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM account_claim WHERE practitioner_id = '{gpAccount.Id}'"));
        var dump = await factory.Database.DumpAsync();
        Assert.DoesNotContain(gpAccount.Email, dump, StringComparison.OrdinalIgnoreCase); // contact details are gone, traces included
        Assert.DoesNotContain("Brouillon seul", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_structure_ends_its_contract_after_an_export_with_a_certificate_that_verifies()
    {
        var operatorHttp = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, operatorHttp);
        var adminHttp = factory.CreateClient();
        var admin = await TestAccounts.ActiveAsync(factory, adminHttp, lastName: "Directrice");
        var structure = await TestAccounts.StructureAsync(factory, admin.Id, "Clinique Sortante");
        var (first, firstHttp) = await TestAccounts.LoggedInAsync(factory, "Interne", structure);
        var (second, secondHttp) = await TestAccounts.LoggedInAsync(factory, "Collegue", structure);
        var (outsider, outsiderHttp) = await TestAccounts.LoggedInAsync(factory, "Exterieur");
        var internalConsultation = await TestConsultations.RequestAsync(firstHttp, second.Id, "Question interne", send: true);
        var group = (await (await adminHttp.PostAsJsonAsync("/api/v1/groups", new { name = "Service sortant", structure })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (member, http) in new[] { (first, firstHttp), (second, secondHttp) })
        {
            await adminHttp.PostAsJsonAsync($"/api/v1/groups/{group}/invitations", new { practitioner = member.Id, role = "Doctor" });
            await http.PostAsync($"/api/v1/groups/{group}/accept", null);
        }

        await adminHttp.GetAsync($"/api/v1/groups/{group}"); // confirmed: leaving the group then republishes it
        var externalConsultation = await TestConsultations.RequestAsync(firstHttp, outsider.Id, "Question externe", send: true);

        var beforeExport = await operatorHttp.PostAsJsonAsync($"/api/v1/structures/{structure}/end-of-contract", new { finess = "750000002" });
        var export = await adminHttp.GetAsync($"/api/v1/structures/{structure}/export");
        var exported = (await export.Content.ReadFromJsonAsync<StructureExport>(TestConsultations.Json))!;
        var byAdmin = await adminHttp.PostAsJsonAsync($"/api/v1/structures/{structure}/end-of-contract", new { finess = "750000002" });
        var wrongFiness = await operatorHttp.PostAsJsonAsync($"/api/v1/structures/{structure}/end-of-contract", new { finess = "750000009" });
        var ended = await operatorHttp.PostAsJsonAsync($"/api/v1/structures/{structure}/end-of-contract", new { finess = "750000002" });

        Assert.Equal(HttpStatusCode.Conflict, beforeExport.StatusCode);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(new[] { first.Email, second.Email }.Order(), exported.Accounts.Select(a => a.Email).Order());
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongFiness.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var end = (await ended.Content.ReadFromJsonAsync<ContractEnd>(TestConsultations.Json))!;
        Assert.Equal((2, 1), (end.Accounts, end.ConsultationsDestroyed)); // the internal one; the external one stays with the outsider

        var key = factory.Services.GetRequiredService<AuditSigningKey>();
        var certificates = await DeletionCertificates.FindAsync(factory.Services.GetRequiredService<NpgsqlDataSource>(), key, structure.ToString());
        var check = Assert.Single(certificates);
        Assert.True(check.IsValid, check.Problem);
        var certificate = check.Signed.Read();
        Assert.Equal(2, certificate.Destroyed["accounts"]);
        Assert.Equal(1, certificate.Destroyed["consultationsDestroyed"]);
        Assert.Contains("end of contract", certificate.Reason, StringComparison.Ordinal);
        Assert.NotNull(await factory.Database.ScalarAsync<string>($"SELECT detail FROM audit_event WHERE action = 'consultation.destroy' AND object_id = '{internalConsultation}'"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await firstHttp.GetAsync("/account/me")).StatusCode); // their sessions ended with the accounts
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondHttp.GetAsync("/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outsiderHttp.GetAsync($"/consultations/{externalConsultation}/report.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorHttp.GetAsync($"/api/v1/structures/{structure}")).StatusCode);
        Assert.Null(await factory.Cluster.GetGrain<IStructureGrain>(structure).Get());
        Assert.Equal(0, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM directory_entry WHERE id = '{group}' OR structure_id = '{structure}'"));
    }
}
