using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collab.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.WebTests.Security;

/// <summary>
/// Every free-text field of every request body the API accepts is either health data — then a canary planted in it
/// appears nowhere at rest (database dump, grain state, logs) nor in an error — or is declared here as not health
/// data, with the reason. A new field the OpenAPI document lists and this table does not fails the first test.
/// </summary>
public sealed partial class CleartextTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    private const string BirthDate = "1913-02-17";

    // "METHOD path field" → null for health data (a canary goes in), or why it is not health data.
    private static readonly Dictionary<string, string?> Fields = new()
    {
        ["POST /api/v1/consultations patient.lastName"] = null,
        ["POST /api/v1/consultations patient.firstName"] = null,
        ["POST /api/v1/consultations patient.birthDate"] = null,
        ["POST /api/v1/consultations patient.nir"] = null,
        ["POST /api/v1/consultations question"] = null,
        ["POST /api/v1/consultations description"] = null,
        ["POST /api/v1/consultations oppositionReason"] = null,
        ["POST /api/v1/consultations/{id}/{action} reason"] = null,
        ["POST /api/v1/consultations/{id}/{action} opinion"] = null,
        ["POST /api/v1/consultations/{id}/{action} actCode"] = "a code of the national act nomenclature (TE1, TE2…), kept in clear for billing statistics",
        ["POST /api/v1/patients/export lastName"] = null,
        ["POST /api/v1/patients/export firstName"] = null,
        ["POST /api/v1/patients/export birthDate"] = null,
        ["POST /api/v1/patients/export nir"] = null,
        ["POST /patients/export.json Form.LastName"] = null,
        ["POST /patients/export.json Form.FirstName"] = null,
        ["POST /patients/export.json Form.BirthDate"] = null,
        ["POST /patients/export.json Form.Nir"] = null,
        ["POST /api/v1/patients/rectification lookup.lastName"] = null,
        ["POST /api/v1/patients/rectification lookup.firstName"] = null,
        ["POST /api/v1/patients/rectification lookup.birthDate"] = null,
        ["POST /api/v1/patients/rectification lookup.nir"] = null,
        ["POST /api/v1/patients/rectification patient.lastName"] = null,
        ["POST /api/v1/patients/rectification patient.firstName"] = null,
        ["POST /api/v1/patients/rectification patient.birthDate"] = null,
        ["POST /api/v1/patients/rectification patient.nir"] = null,
        ["POST /api/v1/patients/opposition lookup.lastName"] = null,
        ["POST /api/v1/patients/opposition lookup.firstName"] = null,
        ["POST /api/v1/patients/opposition lookup.birthDate"] = null,
        ["POST /api/v1/patients/opposition lookup.nir"] = null,
        ["POST /api/v1/patients/opposition reason"] = null,
        ["POST /api/v1/patients/erasure lookup.lastName"] = null,
        ["POST /api/v1/patients/erasure lookup.firstName"] = null,
        ["POST /api/v1/patients/erasure lookup.birthDate"] = null,
        ["POST /api/v1/patients/erasure lookup.nir"] = null,
        ["POST /api/v1/discussions/search query"] = null,
        ["POST /api/v1/mail subject"] = null,
        ["POST /api/v1/mail body"] = null,
        ["POST /api/v1/mail/search query"] = null,
        ["POST /api/v1/mail/folders name"] = null,
        ["POST /api/v1/mail to"] = "secure mail addresses (or practitioners' ids): routing, like the directory's addresses; encrypted inside the message",
        ["POST /api/v1/structures/{id}/mailboxes kind"] = "Organisational or Applicative",
        ["POST /api/v1/structures/{id}/mailboxes name"] = "a service's name in its shared address (cardiologie.chu-exemple@…), listed in the directory",
        ["POST /api/v1/mailboxes/{id}/keys scopes"] = "Send and/or Receive",
        ["POST /account/register lastName"] = "the practitioner's own professional identity, shown in the directory",
        ["POST /account/register firstName"] = "the practitioner's own professional identity, shown in the directory",
        ["POST /account/register profession"] = "a profession from a fixed list",
        ["POST /account/register identifier.kind"] = "RPPS or ADELI",
        ["POST /account/register identifier.number"] = "the practitioner's public professional number (RPPS/ADELI), shown in the directory",
        ["POST /account/register email"] = "the practitioner's professional email (login, notices without health data)",
        ["POST /account/register phone"] = "the practitioner's professional phone, shown in the directory",
        ["POST /account/register specialty"] = "the practitioner's specialty, shown in the directory",
        ["POST /account/register password"] = "a secret: never stored (it wraps the private key through Argon2id)",
        ["POST /account/register language"] = "the language of the practitioner's emails and SMS, from a fixed list",
        ["POST /account/login email"] = "a login identifier (traced only as a digest when no account has it)",
        ["POST /account/login password"] = "a secret: never stored",
        ["POST /account/login/verify code"] = "a one-time code: stored as a hash",
        ["POST /account/login/verify deviceName"] = "a device's label chosen by its owner",
        ["POST /account/password currentPassword"] = "a secret: never stored",
        ["POST /account/password newPassword"] = "a secret: never stored",
        ["POST /account/recover email"] = "a login identifier",
        ["POST /account/recover recoveryCode"] = "a secret: never stored",
        ["POST /account/recover newPassword"] = "a secret: never stored",
        ["POST /account/reauthenticate password"] = "a secret: never stored",
        ["POST /account/totp/confirm code"] = "a one-time code: checked, never stored",
        ["POST /account/email email"] = "the practitioner's new professional email (login, notices without health data)",
        ["POST /account/email code"] = "a one-time code: stored as a hash",
        ["POST /account/email/confirm email"] = "a login identifier",
        ["POST /account/email/confirm code"] = "a one-time code: stored as a hash",
        ["POST /account/passkeys name"] = "a passkey's label chosen by its owner",
        ["PUT /account/profile phone"] = "the practitioner's professional phone, shown in the directory",
        ["PUT /account/profile specialty"] = "the practitioner's specialty, shown in the directory",
        ["PUT /account/profile address"] = "the practitioner's professional address",
        ["PUT /account/profile places"] = "the practitioner's places of practice (services, practices)",
        ["POST /api/v1/practitioners/{id}/restriction-warning reason"] = "an administrator's message to a colleague about access patterns, emailed to them, not stored",
        ["POST /api/v1/practitioners/{id}/escrow-reset temporaryPassword"] = "a secret: never stored",
        ["POST /api/v1/practitioners/{id}/reject reason"] = "an administrator's reason for refusing an account, emailed to the person, not stored",
        ["POST /api/v1/practitioners/{id}/suspend reason"] = "an administrator's reason for suspending an account, emailed to the holder, not stored",
        ["POST /api/v1/structures name"] = "an establishment's public name",
        ["POST /api/v1/structures finess"] = "an establishment's public FINESS number",
        ["POST /api/v1/structures city"] = "an establishment's city",
        ["POST /api/v1/structures/{id}/end-of-contract finess"] = "the establishment's FINESS, repeated to confirm",
        ["POST /api/v1/groups name"] = "a service's name, shown in the directory",
        ["POST /api/v1/groups networkSpecialty"] = "a specialist network's specialty, shown in the directory",
        ["POST /api/v1/groups/{id}/invitations role"] = "a role from a fixed list",
        ["PUT /api/v1/groups/{id}/members/{member}/role role"] = "a role from a fixed list",
        ["POST /api/v1/discussions name"] = "a discussion's label between colleagues, like a group's name; the form asks for no patient data",
        ["PUT /api/v1/discussions/{id}/name name"] = "a discussion's label between colleagues, like a group's name; the form asks for no patient data",
        ["POST /api/v1/breaches what"] = "the operator's description of a security incident, which names no patient",
        ["POST /api/v1/breaches data"] = "the categories of data an incident concerns",
        ["POST /api/v1/breaches cause"] = "an incident's cause",
        ["POST /api/v1/breaches measures"] = "the measures taken after an incident",
        ["POST /api/v1/breaches/{id}/notify emails"] = "the affected practitioners' account emails",
    };

    private readonly Dictionary<string, string> _canaries = [];
    private readonly HashSet<string> _planted = [];

    [Fact]
    public async Task Every_free_text_field_the_api_accepts_is_declared_health_data_or_not()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var found = FreeTextFields(document).ToHashSet();

        Assert.Empty(found.Except(Fields.Keys).Order()); // a new free-text field: say what it is, here
        Assert.Empty(Fields.Keys.Except(found).Order()); // a field that no longer exists
    }

    [Fact]
    public async Task Health_data_from_every_request_field_appears_nowhere_at_rest_nor_in_errors()
    {
        var gp = await TestSessions.ActiveAsync(factory, "Generaliste");
        var cardiologist = await TestSessions.ActiveAsync(factory, "Cardiologue");
        var nir = WithKey("1130275115001");
        var rectifiedNir = WithKey("1130275115002");
        object Patient(string operation, string prefix, string? nirValue) => new
        {
            lastName = Canary($"{operation} {prefix}lastName"),
            firstName = Canary($"{operation} {prefix}firstName"),
            birthDate = Plant($"{operation} {prefix}birthDate", BirthDate),
            sex = "Male",
            nir = Plant($"{operation} {prefix}nir", nirValue),
        };
        const string create = "POST /api/v1/consultations";
        object Request(bool opposes) => new
        {
            requiredPractitioner = cardiologist.Account.Id,
            patient = Patient(create, "patient.", nir),
            question = Canary($"{create} question"),
            description = Canary($"{create} description"),
            patientOpposes = opposes,
            oppositionReason = opposes ? Canary($"{create} oppositionReason") : null,
            consentToShare = !opposes,
            send = true,
        };

        // An opposed request: refused at sending, without repeating the reason.
        var opposed = await gp.Http.PostAsJsonAsync("/api/v1/consultations", Request(opposes: true));
        var opposedBody = await opposed.Content.ReadAsStringAsync();
        async Task<Guid> SentAsync() => (await (await gp.Http.PostAsJsonAsync("/api/v1/consultations", Request(opposes: false))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var declined = await SentAsync();
        var answered = await SentAsync();
        var cancelled = await SentAsync();
        const string act = "POST /api/v1/consultations/{id}/{action}";
        Ok(await cardiologist.Http.PostAsJsonAsync($"/api/v1/consultations/{declined}/decline", new { reason = Canary($"{act} reason") }));
        Ok(await gp.Http.PostAsJsonAsync($"/api/v1/consultations/{cancelled}/cancel", new { reason = Canary($"{act} reason") }));
        Ok(await cardiologist.Http.PostAsync($"/api/v1/consultations/{answered}/accept", null));
        Ok(await cardiologist.Http.PostAsJsonAsync($"/api/v1/consultations/{answered}/answer", new { opinion = Canary($"{act} opinion"), actCode = "TE2" }));
        await using (var hub = gp.Hub(factory))
        {
            await hub.StartAsync();
            await hub.InvokeAsync<long>("Send", answered, Guid.NewGuid(), Canary("hub Send text"));
        }

        // Patients' rights: the lookups (never stored), the corrected identity and the opposition reason (stored encrypted).
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/patients/export", Patient("POST /api/v1/patients/export", "", nir)));
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/patients/rectification", new
        {
            lookup = Patient("POST /api/v1/patients/rectification", "lookup.", nir),
            patient = Patient("POST /api/v1/patients/rectification", "patient.", rectifiedNir),
        }));
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/patients/opposition", new
        {
            lookup = Patient("POST /api/v1/patients/opposition", "lookup.", rectifiedNir),
            opposes = true,
            reason = Canary("POST /api/v1/patients/opposition reason"),
        }));
        Ok(await ExportFormAsync(gp, nir));
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/patients/erasure", new { lookup = Patient("POST /api/v1/patients/erasure", "lookup.", rectifiedNir) }));

        Ok(await gp.Http.PostAsJsonAsync("/api/v1/mail", new { to = new[] { cardiologist.Account.Id }, subject = Canary("POST /api/v1/mail subject"), body = Canary("POST /api/v1/mail body") }));
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/discussions/search", new { query = Canary("POST /api/v1/discussions/search query") })); // never stored, never logged
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/mail/search", new { query = Canary("POST /api/v1/mail/search query") }));
        Ok(await gp.Http.PostAsJsonAsync("/api/v1/mail/folders", new { name = Canary("POST /api/v1/mail/folders name") })); // a folder's name may be a patient's

        var dump = await factory.Database.DumpAsync();
        var logs = string.Join('\n', factory.Logs.Entries);

        Assert.Equal(HttpStatusCode.Conflict, opposed.StatusCode);
        Assert.Empty(Fields.Where(f => f.Value is null && !_planted.Contains(f.Key)).Select(f => f.Key)); // every health field was exercised
        foreach (var (field, marker) in _canaries.Concat([new("patient.birthDate", BirthDate), new("patient.nir", nir), new("rectified nir", rectifiedNir)]))
        {
            Assert.True(TestDatabase.FormsFoundIn(dump, marker) is { Count: 0 }, $"{field} ({marker}) in the database dump");
            Assert.True(TestDatabase.FormsFoundIn(logs, marker) is { Count: 0 }, $"{field} ({marker}) in the logs: {factory.Logs.Entries.FirstOrDefault(e => e.Contains(marker, StringComparison.OrdinalIgnoreCase))}");
            Assert.DoesNotContain(marker, opposedBody, StringComparison.OrdinalIgnoreCase);
        }
    }

    private string Canary(string field)
    {
        _planted.Add(field);
        return _canaries.TryGetValue(field, out var marker) ? marker : _canaries[field] = "Cnry" + System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", 10);
    }

    private T Plant<T>(string field, T value)
    {
        _planted.Add(field);
        return value;
    }

    private static void Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");

    // The patients' page posts the lookup as a form with its antiforgery token.
    private async Task<HttpResponseMessage> ExportFormAsync(TestSession gp, string nir)
    {
        var page = await gp.Http.GetStringAsync("/patients");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        const string operation = "POST /patients/export.json";
        return await gp.Http.PostAsync("/patients/export.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.LastName"] = Canary($"{operation} Form.LastName"),
            ["Form.FirstName"] = Canary($"{operation} Form.FirstName"),
            ["Form.BirthDate"] = Plant($"{operation} Form.BirthDate", BirthDate),
            ["Form.Nir"] = Plant($"{operation} Form.Nir", nir),
        }));
    }

    /// <summary>"METHOD path field" for each string field of each request body (uuids, numbers and times aside: not free text).</summary>
    private static IEnumerable<string> FreeTextFields(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("requestBody", out var body))
                {
                    continue;
                }

                foreach (var content in body.GetProperty("content").EnumerateObject().Take(1))
                {
                    foreach (var field in Strings(content.Value.GetProperty("schema"), "", schemas))
                    {
                        yield return $"{operation.Name.ToUpperInvariant()} {path.Name} {field}";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement schema, string prefix, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        foreach (var combined in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(combined, out var parts))
            {
                foreach (var part in parts.EnumerateArray().SelectMany(p => Strings(p, prefix, schemas)))
                {
                    yield return part;
                }
            }
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject().SelectMany(p => Strings(p.Value, prefix + p.Name + ".", schemas)))
            {
                yield return property;
            }

            yield break;
        }

        var types = !schema.TryGetProperty("type", out var type) ? [] : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToArray() : [type.GetString()];
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (types.Contains("array") && schema.TryGetProperty("items", out var items))
        {
            foreach (var item in Strings(items, prefix, schemas))
            {
                yield return item;
            }
        }
        else if (types.Contains("string") && format is null or "date" && prefix.Length > 0)
        {
            yield return prefix.TrimEnd('.');
        }
    }

    private static string WithKey(string body) => $"{body}{97 - (int)(BigInteger.Parse(body) % 97):D2}";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
