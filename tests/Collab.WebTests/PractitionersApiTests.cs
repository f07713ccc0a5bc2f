using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Collab.WebTests;

public sealed class PractitionersApiTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    private static object Registration(string lastName = "Martin", string number = "10003456786", string email = "claire.martin@example.org") => new
    {
        lastName,
        firstName = "Claire",
        profession = "Physician",
        identifier = new { kind = "Rpps", number },
        email,
    };

    [Fact]
    public async Task A_registered_practitioner_can_be_read_back()
    {
        var client = factory.CreateClient();

        var created = await client.PostAsJsonAsync("/api/v1/practitioners", Registration());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var read = await client.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/practitioners/{body.GetProperty("id").GetGuid()}", created.Headers.Location?.ToString());
        Assert.Equal(("Martin", "Physician", "Rpps", "10003456786"), (
            body.GetProperty("lastName").GetString(), body.GetProperty("profession").GetString(),
            body.GetProperty("identifier").GetProperty("kind").GetString(), body.GetProperty("identifier").GetProperty("number").GetString()));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.GetRawText(), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    [Fact]
    public async Task Invalid_input_returns_a_problem_naming_each_field_and_rule()
    {
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/practitioners", new
        {
            lastName = "",
            firstName = "Claire",
            profession = "Wizard",
            identifier = new { kind = "Adeli", number = "12345" },
            email = "claire",
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(r => r.GetString()).Single());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("InvalidInput", problem.GetProperty("code").GetString());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["lastName"] = "is required",
                ["profession"] = "must be one of: Physician, Nurse, Midwife, Pharmacist, Dentist, Physiotherapist, MedicalAssistant",
                ["identifier.number"] = "an ADELI number is exactly 9 digits",
                ["email"] = "must be a single email address such as name@hospital.fr",
            },
            errors);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_bad_request_not_a_server_error()
    {
        var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/practitioners", new StringContent("{\"lastName\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_practitioner_is_not_found()
    {
        var response = await factory.CreateClient().GetAsync($"/api/v1/practitioners/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Request_bodies_never_reach_the_logs()
    {
        var client = factory.CreateClient();
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");

        await client.PostAsJsonAsync("/api/v1/practitioners", Registration(lastName: canary));
        await client.PostAsJsonAsync("/api/v1/practitioners", Registration(lastName: canary, number: "1"));
        await client.PostAsync("/api/v1/practitioners", new StringContent($"{{\"lastName\": \"{canary}\", ", Encoding.UTF8, "application/json"));

        Assert.NotEmpty(factory.Logs.Entries);
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Contains(canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_registration_is_audited_without_its_content()
    {
        var client = factory.CreateClient();
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");

        var created = await client.PostAsJsonAsync("/api/v1/practitioners", Registration(lastName: canary));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var audited = await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'practitioner.register' AND object_id = '{id}' AND outcome = 1");
        var leaked = await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE concat_ws('|', actor, acting_for, action, object_type, object_id, ip_address, user_agent) LIKE '%{canary}%'");

        Assert.Equal(1, audited);
        Assert.Equal(0, leaked);
    }
}
