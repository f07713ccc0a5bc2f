using System.Net;
using System.Net.Http.Json;
using Collab.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Collab.WebTests.Legal;

/// <summary>The privacy notice, the cookies page and the sub-processors list: reachable by anyone, from every page.</summary>
public sealed class LegalPagesTests(LegalPagesTests.NamedOperatorFactory factory) : IClassFixture<LegalPagesTests.NamedOperatorFactory>
{
    public sealed class NamedOperatorFactory : CollabWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Legal:Controller", "Hôpital Démo, 1 place de l'Hôpital, Lyon");
            builder.UseSetting("Legal:DpoEmail", "dpo@hopital-demo.fr");
            builder.UseSetting("Legal:Host", "Hébergeur Santé Démo (certifié HDS), France");
        }
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/register")]
    [InlineData("/privacy")]
    [InlineData("/terms")]
    public async Task Every_page_links_the_privacy_notice_the_cookies_the_sub_processors_and_the_data_protection_contact(string path)
    {
        var page = await factory.CreateClient().GetStringAsync(path);

        foreach (var link in new[] { "href=\"/privacy\"", "href=\"/cookies\"", "href=\"/sub-processors\"", "href=\"/privacy#dpo\"" })
        {
            Assert.Contains(link, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_privacy_notice_and_the_sub_processors_name_whom_the_operator_configured()
    {
        var client = factory.CreateClient();
        var privacy = WebUtility.HtmlDecode(await client.GetStringAsync("/privacy"));
        var processors = WebUtility.HtmlDecode(await client.GetStringAsync("/sub-processors"));

        Assert.Contains("Hôpital Démo, 1 place de l'Hôpital, Lyon", privacy, StringComparison.Ordinal);
        Assert.Contains("mailto:dpo@hopital-demo.fr", privacy, StringComparison.Ordinal);
        Assert.Contains("Hébergeur Santé Démo (certifié HDS), France", processors, StringComparison.Ordinal);
        Assert.Contains("aucun envoi hors de l'installation", processors, StringComparison.Ordinal); // no SMTP configured here
        Assert.DoesNotContain("Twilio Inc.", processors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_cookie_the_platform_sets_is_on_the_cookies_page()
    {
        var (http, cookies) = TestSessions.Client(factory);
        await http.GetAsync("/register"); // a form: the antiforgery cookie
        await http.GetAsync("/culture/en?redirect=/");
        await TestAccounts.ActiveAsync(factory, http, lastName: "Cookies");
        var set = cookies.GetAllCookies().Select(c => c.Name).Distinct().ToList();
        var page = await factory.CreateClient().GetStringAsync("/cookies");

        Assert.Contains("collab.session", set);
        Assert.Contains(set, n => n.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.All(set, name => Assert.Contains(name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal) ? ".AspNetCore.Antiforgery.*" : name, page, StringComparison.Ordinal));
        Assert.DoesNotContain("collab.psc", page, StringComparison.Ordinal); // Pro Santé Connect is off here: its cookies are not set, nor listed
    }
}
