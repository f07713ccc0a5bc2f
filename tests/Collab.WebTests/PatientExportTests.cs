using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Collab.Testing;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Collab.WebTests;

/// <summary>A patient's right of access and portability, through their practitioner.</summary>
public sealed class PatientExportTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task The_export_of_a_patient_holds_every_consultation_the_practitioner_can_read_about_them_and_no_other()
    {
        var (gpAccount, gp) = await LoggedInAsync("Generaliste");
        var (_, otherGp) = await LoggedInAsync("Autre");
        var (cardiologistAccount, cardiologist) = await LoggedInAsync("Cardiologue");
        var nir = WithKey("2690299350123");
        var withNir = await RequestAsync(gp, cardiologistAccount.Id, "Durand", "Jeanne", "1969-02-14", nir, "Holter ?");
        var sameWithoutNir = await RequestAsync(gp, cardiologistAccount.Id, "DURAND", "Jéanne", "1969-02-14", null, "Échographie ?");
        var namesake = await RequestAsync(gp, cardiologistAccount.Id, "Durand", "Jeanne", "1971-05-01", null, "Autre patiente");
        var otherPatient = await RequestAsync(gp, cardiologistAccount.Id, "Martin", "Paul", "1950-01-02", null, "Autre patient");
        var fromAnotherGp = await RequestAsync(otherGp, cardiologistAccount.Id, "Durand", "Jeanne", "1969-02-14", null, "Second avis ?");
        await cardiologist.PostAsync($"/api/v1/consultations/{withNir}/accept", null);
        await cardiologist.PostAsJsonAsync($"/api/v1/consultations/{withNir}/answer", new { opinion = "Holter sous 15 jours.", actCode = "TE2" });

        var gpExport = await ExportAsync(gp, new { lastName = "durand", firstName = "JEANNE", birthDate = "1969-02-14" });
        var cardiologistExport = await ExportAsync(cardiologist, new { lastName = "Durand", firstName = "Jeanne", birthDate = "1969-02-14" });
        var byNir = await ExportAsync(gp, new { nir });
        var refused = await gp.PostAsJsonAsync("/api/v1/patients/export", new { lastName = "Durand" });

        Assert.Equal(PatientExport.Format, gpExport.Format);
        Assert.Equal(new[] { withNir, sameWithoutNir }.Order(), gpExport.Consultations.Select(c => c.Id).Order());
        Assert.Equal(new[] { withNir, sameWithoutNir, fromAnotherGp }.Order(), cardiologistExport.Consultations.Select(c => c.Id).Order());
        Assert.Equal([withNir], byNir.Consultations.Select(c => c.Id));
        Assert.DoesNotContain(gpExport.Consultations, c => c.Id == namesake || c.Id == otherPatient);
        var answered = gpExport.Consultations.Single(c => c.Id == withNir);
        Assert.Equal(("Holter ?", "Holter sous 15 jours.", "TE2", nir.Replace(" ", "", StringComparison.Ordinal)), (answered.Question, answered.Opinion, answered.ActCode, answered.Patient.Nir?.Replace(" ", "", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(3, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = 'consultation.download.export' AND actor = 'practitioner:{gpAccount.Id}'")); // 2 by name, 1 by NIR
    }

    private static async Task<PatientExportDocument> ExportAsync(HttpClient http, object lookup)
    {
        var response = await http.PostAsJsonAsync("/api/v1/patients/export", lookup);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return (await response.Content.ReadFromJsonAsync<PatientExportDocument>(Json))!;
    }

    private static async Task<Guid> RequestAsync(HttpClient http, Guid to, string lastName, string firstName, string birthDate, string? nir, string question)
    {
        var created = await http.PostAsJsonAsync("/api/v1/consultations", new
        {
            requiredPractitioner = to,
            patient = new { lastName, firstName, birthDate, sex = "Female", nir },
            question,
            description = "Contexte.",
            consentToShare = true,
            send = true,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static string WithKey(string body) => $"{body} {97 - (int)(BigInteger.Parse(body) % 97):00}";

    private async Task<(TestAccount Account, HttpClient Http)> LoggedInAsync(string lastName)
    {
        var http = factory.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        return (await TestAccounts.ActiveAsync(factory, http, lastName: lastName), http);
    }
}
