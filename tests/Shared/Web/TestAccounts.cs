using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;

namespace Collab.Testing;

/// <summary>Arrange steps through the real endpoints; platform-side steps (the first operator) through the cluster as the system.</summary>
public static partial class TestAccounts
{
    private static int _counter = 2000000000;

    public static async Task<TestAccount> RegisterAsync(HttpClient client, Guid? structure = null, string lastName = "Martin")
    {
        var email = $"{lastName.ToLowerInvariant()}.{Guid.NewGuid():N}@example.org";
        var password = "une phrase de passe " + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostAsJsonAsync("/account/register", new
        {
            lastName,
            firstName = "Claire",
            profession = "Physician",
            identifier = new { kind = "Rpps", number = Rpps() },
            email,
            phone = "+33612345678",
            specialty = "Cardiologie",
            structure,
            password,
            acceptTerms = true,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestAccount(body.GetProperty("practitioner").GetProperty("id").GetGuid(), email, password, body.GetProperty("recoveryCode").GetString()!);
    }

    /// <summary>Registers and validates (as the platform), then logs in with an emailed code.</summary>
    public static async Task<TestAccount> ActiveAsync(CollabWebFactory factory, HttpClient client, Guid? structure = null, string lastName = "Martin")
    {
        var account = await RegisterAsync(client, structure, lastName);
        await factory.Cluster.GetGrain<IPractitionerStandingGrain>(account.Id).Validate(Caller.System("tests"));
        await LoginAsync(factory, client, account);
        return account;
    }

    /// <summary>A new client (it keeps its cookies) logged in as a new active account.</summary>
    public static async Task<(TestAccount Account, HttpClient Http)> LoggedInAsync(CollabWebFactory factory, string lastName, Guid? structure = null)
    {
        var http = factory.CreateClient();
        return (await ActiveAsync(factory, http, structure, lastName), http);
    }

    public static async Task<TestAccount> OperatorAsync(CollabWebFactory factory, HttpClient client)
    {
        var account = await RegisterAsync(client, lastName: "Operateur");
        await factory.Cluster.GetGrain<IPractitionerGrain>(account.Id).GrantOperator(Caller.System("tests"));
        await factory.Cluster.GetGrain<IPractitionerStandingGrain>(account.Id).Validate(Caller.System("tests"));
        await LoginAsync(factory, client, account);
        return account;
    }

    /// <summary>A structure created by the platform, with <paramref name="admin"/> as its first administrator.</summary>
    public static async Task<Guid> StructureAsync(CollabWebFactory factory, Guid admin, string name = "Hôpital Test")
    {
        var id = Guid.NewGuid();
        await factory.Cluster.GetGrain<IStructureGrain>(id).Create(new StructureInfo(name, "750000002", "Paris"), new PractitionerId(admin), Caller.System("tests"));
        return id;
    }

    public static async Task LoginAsync(CollabWebFactory factory, HttpClient client, TestAccount account)
    {
        var step = await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });
        Assert.True(step.IsSuccessStatusCode, await step.Content.ReadAsStringAsync());
        var code = await EmailedCodeAsync(factory, client, account);
        var verified = await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });
        Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());
    }

    /// <summary>Asks for an emailed code and reads it from the development outbox.</summary>
    public static async Task<string> EmailedCodeAsync(CollabWebFactory factory, HttpClient client, TestAccount account)
    {
        var sent = await client.PostAsJsonAsync("/account/login/code", new { channel = "EmailCode" });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var message = factory.Outbox.Messages.First(m => m.To == account.Email);
        return Code().Match(message.Body).Value;
    }

    /// <summary>The last code sent to prove an address (at registration, or for a new one), read from the development outbox.</summary>
    public static string EmailProofCode(CollabWebFactory factory, string email) =>
        Code().Match(factory.Outbox.Messages.First(m => m.To == email && m.Subject == "Collab : confirmez votre adresse e-mail").Body).Value;

    /// <summary>Proves a new account's address with the code sent at registration, as the registration page does.</summary>
    public static async Task ProveEmailAsync(CollabWebFactory factory, TestAccount account)
    {
        var proved = await factory.CreateClient().PostAsJsonAsync("/account/email/confirm", new { email = account.Email, code = EmailProofCode(factory, account.Email) });
        Assert.True(proved.IsSuccessStatusCode, await proved.Content.ReadAsStringAsync());
    }

    /// <summary>A new valid RPPS number (11 digits, Luhn), unique in this test run.</summary>
    public static string NextRpps() => Rpps();

    private static string Rpps()
    {
        var body = Interlocked.Increment(ref _counter).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(0, 10).Select(d => body + d).First(Grains.Practitioners.PractitionerRules.PassesLuhn);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Code();
}
