using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collab.Testing;

namespace Collab.WebTests.Account;

public sealed class RegistrationTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    private static object Form(string? password = "une phrase de passe assez longue", string number = "10003456786", string email = "claire.martin@example.org", string lastName = "Martin", string? language = null) => new
    {
        lastName,
        firstName = "Claire",
        profession = "Physician",
        identifier = new { kind = "Rpps", number },
        email,
        phone = "0612345678",
        specialty = "Cardiologie",
        password,
        acceptTerms = true,
        language,
    };

    [Fact]
    public async Task An_account_gets_its_emails_in_the_language_it_registered_in_until_it_chooses_another_in_the_app()
    {
        var english = factory.CreateClient();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        var account = await TestAccounts.ActiveAsync(factory, english, lastName: "Smith");
        var first = factory.Outbox.Messages.First(m => m.To == account.Email);

        var chosen = await english.GetAsync("/culture/fr?redirect=/");
        await TestAccounts.LoginAsync(factory, factory.CreateClient(), account);
        var second = factory.Outbox.Messages.First(m => m.To == account.Email);

        Assert.Equal("Collab: login code", first.Subject);
        Assert.StartsWith("Your Collab login code", first.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal("Collab : code de connexion", second.Subject);
    }

    [Fact]
    public async Task Registering_in_a_language_notices_are_not_written_in_is_refused_naming_the_field()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/account/register", Form(email: $"l.{Guid.NewGuid():N}@example.org", number: "50000000001", language: "de"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("language", out _), problem.ToString());
    }

    [Fact]
    public async Task Registration_creates_a_pending_account_with_keys_and_shows_the_recovery_code_once()
    {
        var client = factory.CreateClient();
        var email = $"claire.{Guid.NewGuid():N}@example.org";

        var created = await client.PostAsJsonAsync("/account/register", Form(email: email, number: "10003456786"));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("practitioner").GetProperty("id").GetGuid();
        var keys = await factory.Cluster.GetGrain<Contracts.Practitioners.IPractitionerKeysGrain>(id).GetKeys(Contracts.Access.Caller.System("tests"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Pending", body.GetProperty("practitioner").GetProperty("status").GetString());
        Assert.Matches("^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$", body.GetProperty("recoveryCode").GetString());
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        Assert.NotNull(keys);
        Assert.Equal(1, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'practitioner.register' AND object_id = '{id}'"));
    }

    [Fact]
    public async Task A_wrong_rpps_check_digit_is_a_warning_not_a_refusal()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/account/register", Form(email: $"x.{Guid.NewGuid():N}@example.org", number: "20003456787"));
        var warning = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray().Single();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("identifier.number", warning.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_duplicate_email_or_rpps_is_a_conflict_naming_the_field()
    {
        var client = factory.CreateClient();
        var email = $"dup.{Guid.NewGuid():N}@example.org";
        await client.PostAsJsonAsync("/account/register", Form(email: email, number: "30000000006"));

        var sameEmail = await client.PostAsJsonAsync("/account/register", Form(email: email, number: "30000000014"));
        var sameRpps = await client.PostAsJsonAsync("/account/register", Form(email: $"other.{Guid.NewGuid():N}@example.org", number: "30000000006"));

        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.True((await sameEmail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal(HttpStatusCode.Conflict, sameRpps.StatusCode);
        Assert.True((await sameRpps.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("identifier.number", out _));
    }

    [Theory]
    [InlineData("court", "must be at least 12 characters (a short sentence works well)")]
    [InlineData("motdepasse123", "is too common: choose one that others would not guess")]
    [InlineData("aaaaaaaaaaaaaaaa", "is too common: choose one that others would not guess")]
    public async Task A_weak_password_is_refused_with_the_rule(string password, string rule)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/account/register", Form(password: password, email: $"p.{Guid.NewGuid():N}@example.org"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rule, errors.GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task Invalid_input_returns_a_problem_naming_each_field_and_rule()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/account/register", new
        {
            lastName = "",
            firstName = "Claire",
            profession = "Wizard",
            identifier = new { kind = "Adeli", number = "12345" },
            email = "claire",
            password = "une phrase de passe assez longue",
            acceptTerms = false,
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(r => r.GetString()).Single());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["lastName"] = "is required",
                ["profession"] = "must be one of: Physician, Nurse, Midwife, Pharmacist, Dentist, Physiotherapist, MedicalAssistant, Administrator",
                ["identifier.number"] = "an ADELI number is exactly 9 digits",
                ["email"] = "must be a single email address such as name@hospital.fr",
                ["acceptTerms"] = "the terms of use must be accepted",
            },
            errors);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_bad_request_not_a_server_error()
    {
        var response = await factory.CreateClient().PostAsync("/account/register", new StringContent("{\"lastName\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_bodies_and_passwords_never_reach_the_logs()
    {
        var client = factory.CreateClient();
        var canary = "CANARY" + Guid.NewGuid().ToString("N");

        await client.PostAsJsonAsync("/account/register", Form(lastName: canary, password: canary + " phrase", email: $"c.{Guid.NewGuid():N}@example.org", number: "40000000004"));
        await client.PostAsJsonAsync("/account/register", Form(lastName: canary, number: "1"));
        await client.PostAsync("/account/register", new StringContent($"{{\"lastName\": \"{canary}\", ", Encoding.UTF8, "application/json"));
        await client.PostAsJsonAsync("/account/login", new { email = "nobody@example.org", password = canary });

        Assert.NotEmpty(factory.Logs.Entries);
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Contains(canary, StringComparison.Ordinal));
    }
}
