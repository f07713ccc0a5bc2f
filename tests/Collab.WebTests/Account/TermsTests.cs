using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Testing;
using Collab.Web.Account;

namespace Collab.WebTests.Account;

public sealed class TermsTests(TermsVersion2Factory factory) : IClassFixture<TermsVersion2Factory>
{
    [Fact]
    public async Task A_new_terms_version_must_be_accepted_before_entering()
    {
        // An account that accepted version 1, before version 2 was published.
        var id = Guid.NewGuid();
        var email = $"ancien.{id:N}@example.org";
        const string password = "accepté en version une";
        var (keys, _) = PasswordWork.NewKeyMaterial(password, null, factory.PasswordKdf);
        var account = factory.Cluster.GetGrain<IPractitionerGrain>(id);
        await account.Register(new PractitionerRegistration("Ancien", "Marc", Profession.Nurse, new ProfessionalIdentifier(IdentifierKind.Adeli, "751234568"),
            email, AcceptedTermsVersion: 1, Keys: keys), Caller.System("tests"));
        await factory.Cluster.GetGrain<IPractitionerStandingGrain>(id).Validate(Caller.System("tests"));
        var client = factory.CreateClient();
        await TestAccounts.LoginAsync(factory, client, new TestAccount(id, email, password, ""));

        var before = await client.GetAsync("/api/v1/directory?text=x");
        var accepted = await client.PostAsJsonAsync("/account/terms", new { version = 2 });
        var after = await client.GetAsync("/api/v1/directory?text=x");

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal("TermsNotAccepted", (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
