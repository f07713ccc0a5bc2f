using System.Net.Http.Json;
using System.Text.Json;

namespace Collab.Testing;

/// <summary>Consultations created through the real endpoint, encrypted with the caller's session keys.</summary>
public static class TestConsultations
{
    /// <summary>How the API writes JSON (camel case, enums as names), for reading answers back.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Creates a request to one practitioner (sent, or kept as a draft) and returns its id.</summary>
    public static Task<Guid> RequestAsync(HttpClient http, Guid to, string question, bool send = true, TestPatient? patient = null) =>
        CreateAsync(http, to, null, question, send, patient);

    /// <summary>Creates a request to a group (a hospital service) and returns its id.</summary>
    public static Task<Guid> RequestToGroupAsync(HttpClient http, Guid group, string question, bool send = true, TestPatient? patient = null) =>
        CreateAsync(http, null, group, question, send, patient);

    private static async Task<Guid> CreateAsync(HttpClient http, Guid? to, Guid? group, string question, bool send, TestPatient? patient)
    {
        var p = patient ?? new TestPatient();
        var created = await http.PostAsJsonAsync("/api/v1/consultations", new
        {
            requiredPractitioner = to,
            requiredGroup = group,
            patient = new { lastName = p.LastName, firstName = p.FirstName, birthDate = p.BirthDate, sex = p.Sex, nir = p.Nir },
            question,
            description = "Contexte.",
            consentToShare = true,
            send,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
