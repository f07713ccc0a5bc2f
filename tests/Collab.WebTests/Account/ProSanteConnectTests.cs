using System.Net;
using System.Text.RegularExpressions;
using Collab.Testing;
using Collab.Web.Account;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Collab.WebTests.Account;

/// <summary>
/// Pro Santé Connect against a provider of the same shape on a loopback port: the code flow with PKCE and the client
/// secret, the eidas1 level asked and checked, the identity read from userinfo in JSON or as a signed JWT.
/// </summary>
public sealed partial class ProSanteConnectTests(ProSanteConnectTests.Fixture fixture) : IClassFixture<ProSanteConnectTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public TestPscProvider Provider { get; private set; } = null!;

        public CollabWebFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Provider = await TestPscProvider.StartAsync();
            Factory = new CollabWebFactory { Settings = Provider.Settings };
            await Factory.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await ((IAsyncLifetime)Factory).DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_card_holders_identity_arrives_from_the_code_flow_with_pkce_the_secret_and_eidas1(bool userInfoAsJwt)
    {
        fixture.Provider.UserInfoAsJwt = userInfoAsJwt;
        fixture.Provider.Acr = "eidas1";
        fixture.Provider.User = PscUser.Physician(TestAccounts.NextRpps(), "DURAND", "ÉLODIE");
        var before = fixture.Provider.AuthenticatedTokenRequests;

        var (landing, page) = await SignInAtProviderAsync();

        Assert.True(landing == "/login/psc", string.Join("\n", fixture.Factory.Logs.Entries.Where(e => e.Contains("Pro Santé Connect login failed", StringComparison.Ordinal)).TakeLast(2).Select(e => e[..Math.Min(e.Length, 400)])));
        Assert.Equal("eidas1", fixture.Provider.RequestedAcr);
        Assert.Equal(before + 1, fixture.Provider.AuthenticatedTokenRequests);
        Assert.Contains("Durand Élodie", page, StringComparison.Ordinal);
        Assert.Contains(fixture.Provider.User.NationalId[1..], page, StringComparison.Ordinal); // the RPPS
        Assert.Contains("Centre Hospitalier Demo", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("psc-register", page, StringComparison.Ordinal); // an unknown RPPS: the registration form
    }

    [Fact]
    public async Task The_cookies_page_lists_the_cookies_pro_sante_connect_needs_when_it_is_on()
    {
        var page = await fixture.Factory.CreateClient().GetStringAsync("/cookies");

        Assert.Contains(ProSanteConnect.CookieName, page, StringComparison.Ordinal);
        Assert.Contains(".AspNetCore.Correlation.*", page, StringComparison.Ordinal);
        Assert.Contains(".AspNetCore.OpenIdConnect.Nonce.*", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lower_level_than_eidas1_proves_nothing()
    {
        fixture.Provider.UserInfoAsJwt = false;
        fixture.Provider.Acr = "eidas0";
        try
        {
            var (landing, _) = await SignInAtProviderAsync();

            Assert.Equal("/login?psc=failed", landing);
        }
        finally
        {
            fixture.Provider.Acr = "eidas1";
        }
    }

    [Fact]
    public async Task Without_the_providers_answer_the_page_has_no_identity_and_offers_to_start_again()
    {
        var page = WebUtility.HtmlDecode(await fixture.Factory.CreateClient().GetStringAsync("/login/psc"));

        Assert.Contains("Aucune identité Pro Santé Connect en cours", page, StringComparison.Ordinal);
        Assert.DoesNotContain("psc-register", page, StringComparison.Ordinal);
    }

    // The browser's part: the app sends it to the provider, the provider (card read) sends it back with a code, the app
    // exchanges the code and lands on /login/psc. Returns where the app sent the browser last, and that page.
    private async Task<(string Landing, string Page)> SignInAtProviderAsync()
    {
        var app = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var start = await app.GetAsync("/login/psc/start");
        var authorize = start.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Issuer, authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Matches(CodeChallenge(), authorize.Query);
        var back = await browser.GetAsync(authorize);
        var callback = back.Headers.Location ?? throw new InvalidOperationException(await back.Content.ReadAsStringAsync());
        var landed = await app.GetAsync(callback.PathAndQuery);
        var landing = landed.Headers.Location!.OriginalString;
        var page = landing.StartsWith("/login/psc", StringComparison.Ordinal) ? WebUtility.HtmlDecode(await app.GetStringAsync(landing)) : "";
        return (landing, page);
    }

    [GeneratedRegex("code_challenge=[A-Za-z0-9_-]{43}&code_challenge_method=S256")]
    private static partial Regex CodeChallenge();
}
