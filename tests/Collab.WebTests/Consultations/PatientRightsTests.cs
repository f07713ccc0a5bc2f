using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Collab.Contracts.Consultations;
using Collab.Testing;
using Collab.Web.Consultations;

namespace Collab.WebTests.Consultations;

/// <summary>A patient's right of access and portability, through their practitioner.</summary>
public sealed class PatientRightsTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task The_export_of_a_patient_holds_every_consultation_the_practitioner_can_read_about_them_and_no_other()
    {
        var (gpAccount, gp) = await TestAccounts.LoggedInAsync(factory, "Generaliste");
        var (_, otherGp) = await TestAccounts.LoggedInAsync(factory, "Autre");
        var (cardiologistAccount, cardiologist) = await TestAccounts.LoggedInAsync(factory, "Cardiologue");
        var nir = WithKey("2690299350123");
        var withNir = await TestConsultations.RequestAsync(gp, cardiologistAccount.Id, "Holter ?", patient: new TestPatient("Durand", "Jeanne", "1969-02-14", "Female", nir));
        var sameWithoutNir = await TestConsultations.RequestAsync(gp, cardiologistAccount.Id, "Échographie ?", patient: new TestPatient("DURAND", "Jéanne", "1969-02-14", "Female", null));
        var namesake = await TestConsultations.RequestAsync(gp, cardiologistAccount.Id, "Autre patiente", patient: new TestPatient("Durand", "Jeanne", "1971-05-01", "Female", null));
        var otherPatient = await TestConsultations.RequestAsync(gp, cardiologistAccount.Id, "Autre patient", patient: new TestPatient("Martin", "Paul", "1950-01-02", "Female", null));
        var fromAnotherGp = await TestConsultations.RequestAsync(otherGp, cardiologistAccount.Id, "Second avis ?", patient: new TestPatient("Durand", "Jeanne", "1969-02-14", "Female", null));
        await cardiologist.PostAsync($"/api/v1/consultations/{withNir}/accept", null);
        await cardiologist.PostAsJsonAsync($"/api/v1/consultations/{withNir}/answer", new { opinion = "Holter sous 15 jours.", actCode = "TE2" });

        var gpExport = await ExportAsync(gp, new { lastName = "durand", firstName = "JEANNE", birthDate = "1969-02-14" });
        var cardiologistExport = await ExportAsync(cardiologist, new { lastName = "Durand", firstName = "Jeanne", birthDate = "1969-02-14" });
        var byNir = await ExportAsync(gp, new { nir });
        var refused = await gp.PostAsJsonAsync("/api/v1/patients/export", new { lastName = "Durand" });

        Assert.Equal(PatientRights.Format, gpExport.Format);
        Assert.Equal(new[] { withNir, sameWithoutNir }.Order(), gpExport.Consultations.Select(c => c.Id).Order());
        Assert.Equal(new[] { withNir, sameWithoutNir, fromAnotherGp }.Order(), cardiologistExport.Consultations.Select(c => c.Id).Order());
        Assert.Equal([withNir], byNir.Consultations.Select(c => c.Id));
        Assert.DoesNotContain(gpExport.Consultations, c => c.Id == namesake || c.Id == otherPatient);
        var answered = gpExport.Consultations.Single(c => c.Id == withNir);
        Assert.Equal(("Holter ?", "Holter sous 15 jours.", "TE2", nir.Replace(" ", "", StringComparison.Ordinal)), (answered.Question, answered.Opinion, answered.ActCode, answered.Patient.Nir?.Replace(" ", "", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(3, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = 'consultation.download.export' AND actor = 'practitioner:{gpAccount.Id}'")); // 2 by name, 1 by NIR
    }

    [Fact]
    public async Task Rectification_keeps_the_old_identity_encrypted_opposition_blocks_sending_and_erasure_destroys_only_what_nobody_else_needs()
    {
        var (gpAccount, gp) = await TestAccounts.LoggedInAsync(factory, "Generaliste");
        var (specialistAccount, specialist) = await TestAccounts.LoggedInAsync(factory, "Specialiste");
        var draft = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Brouillon ?", send: false, patient: new TestPatient("Canarie", "Rectifiee", "1980-03-04", "Female", null));
        var answered = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Avis rendu ?", patient: new TestPatient("Canarie", "Rectifiee", "1980-03-04", "Female", null));
        var inProgress = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "En cours ?", patient: new TestPatient("Canarie", "Rectifiee", "1980-03-04", "Female", null));
        var cancelled = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Annulee ?", patient: new TestPatient("Canarie", "Rectifiee", "1980-03-04", "Female", null));
        var other = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Autre ?", send: false, patient: new TestPatient("Autre", "Patiente", "1980-03-04", "Female", null));
        await specialist.PostAsync($"/api/v1/consultations/{answered}/accept", null);
        await specialist.PostAsJsonAsync($"/api/v1/consultations/{answered}/answer", new { opinion = "Avis.", actCode = "TE2" });
        await gp.PostAsJsonAsync($"/api/v1/consultations/{cancelled}/cancel", new { reason = "Plus nécessaire" });
        var before = new { lastName = "Canarie", firstName = "Rectifiee", birthDate = "1980-03-04" };
        var after = new { lastName = "Canarie-Vraie", firstName = "Rectifiee", birthDate = "1980-03-05" };

        var invalid = await gp.PostAsJsonAsync("/api/v1/patients/rectification", new { lookup = before, patient = new { lastName = "Canarie-Vraie" } });
        var rectified = await gp.PostAsJsonAsync("/api/v1/patients/rectification", new { lookup = before, patient = new { after.lastName, after.firstName, after.birthDate, sex = "Female" } });
        var specialistByNewName = await ExportAsync(specialist, after);
        var specialistByOldName = await ExportAsync(specialist, before);
        var opposed = await gp.PostAsJsonAsync("/api/v1/patients/opposition", new { lookup = after, opposes = true, reason = "Refus des échanges électroniques" });
        var sendOpposed = await gp.PostAsync($"/api/v1/consultations/{draft}/send", null);
        var erasure = await gp.PostAsJsonAsync("/api/v1/patients/erasure", new { lookup = after });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("patient.birthDate", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rectified.StatusCode);
        var changed = (await rectified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consultations").EnumerateArray().Select(e => e.GetGuid()).Order();
        Assert.Equal(new[] { draft, answered, inProgress, cancelled }.Order(), changed);
        Assert.Equal(new[] { answered, inProgress, cancelled }.Order(), specialistByNewName.Consultations.Select(c => c.Id).Order());
        Assert.Equal(specialistByNewName.Consultations.Select(c => c.Id).Order(), specialistByOldName.Consultations.Select(c => c.Id).Order()); // found by the former identity too
        var exported = specialistByNewName.Consultations.Single(c => c.Id == answered);
        Assert.Equal(("Canarie-Vraie", new DateOnly(1980, 3, 5)), (exported.Patient.LastName, exported.Patient.BirthDate));
        Assert.Equal([("Canarie", new DateOnly(1980, 3, 4))], exported.PreviousPatients.Select(p => (p.LastName, p.BirthDate)));
        var rectifyTraces = await factory.Database.RowsAsync($"SELECT detail FROM audit_event WHERE action = 'consultation.patient.rectify' AND object_id = '{answered}'");
        var digests = JsonDocument.Parse((string)rectifyTraces.Single()[0]!).RootElement;
        Assert.NotEqual(digests.GetProperty("previous").GetString(), digests.GetProperty("current").GetString());

        Assert.Equal(HttpStatusCode.OK, opposed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sendOpposed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        var outcomes = (await erasure.Content.ReadFromJsonAsync<List<ErasureOutcome>>(TestConsultations.Json))!.ToDictionary(o => o.Consultation);
        Assert.Equal(new[] { draft, answered, inProgress, cancelled }.Order(), outcomes.Keys.Order());
        Assert.True(outcomes[draft].Erased);
        Assert.True(outcomes[cancelled].Erased);
        Assert.False(outcomes[answered].Erased);
        Assert.Equal(KeptReason.Answered, outcomes[answered].Kept);
        Assert.StartsWith("answered", outcomes[answered].KeptBecause, StringComparison.Ordinal);
        Assert.False(outcomes[inProgress].Erased);
        Assert.Equal(KeptReason.InProgress, outcomes[inProgress].Kept);
        Assert.StartsWith("in progress", outcomes[inProgress].KeptBecause, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await gp.GetAsync($"/consultations/{draft}/report.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await specialist.GetAsync($"/consultations/{cancelled}/report.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await specialist.GetAsync($"/consultations/{answered}/report.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/consultations/{other}/report.pdf")).StatusCode);
        foreach (var erased in new[] { draft, cancelled })
        {
            Assert.Equal(0, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM encrypted_item WHERE owner_id = '{erased}'"));
            var certificate = await factory.Database.ScalarAsync<string>($"SELECT detail FROM audit_event WHERE action = 'consultation.destroy' AND object_id = '{erased}'");
            Assert.Contains("erasure request", certificate, StringComparison.Ordinal);
            Assert.Equal(outcomes[erased].CertificateEventId, await factory.Database.ScalarAsync<Guid>($"SELECT event_id FROM audit_event WHERE action = 'consultation.destroy' AND object_id = '{erased}'"));
        }

        var kept = await factory.Database.RowsAsync($"SELECT object_id, detail FROM audit_event WHERE action = 'consultation.patient.erasure' AND actor = 'practitioner:{gpAccount.Id}'");
        Assert.Equal(4, kept.Count);
        var dump = await factory.Database.DumpAsync();
        Assert.DoesNotContain("Canarie", dump, StringComparison.OrdinalIgnoreCase); // neither identity is readable at rest, traces included
    }

    private static async Task<PatientExportDocument> ExportAsync(HttpClient http, object lookup)
    {
        var response = await http.PostAsJsonAsync("/api/v1/patients/export", lookup);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return (await response.Content.ReadFromJsonAsync<PatientExportDocument>(TestConsultations.Json))!;
    }

    private static string WithKey(string body) => $"{body} {97 - (int)(BigInteger.Parse(body) % 97):00}";
}
