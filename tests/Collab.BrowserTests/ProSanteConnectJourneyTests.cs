using System.Text.RegularExpressions;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Testing;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// Pro Santé Connect in the browser, against a provider of the same shape on a loopback port: a new professional
/// registers with the card's identity and is validated at once; a known one links their card with their password.
/// </summary>
public sealed partial class ProSanteConnectJourneyTests : BrowserTest
{
    private TestPscProvider _provider = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> MoreSettingsAsync()
    {
        _provider = await TestPscProvider.StartAsync();
        return _provider.Settings;
    }

    protected override async Task StopAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task A_new_professional_registers_with_the_card_validated_at_once_and_a_known_one_links_it_with_the_password()
    {
        // A professional nobody knows yet: the card's identity fills the account, validated at once.
        var rpps = TestAccounts.NextRpps();
        _provider.User = PscUser.Physician(rpps, "LEFEVRE", "ANTOINE");
        var page = await NewPageAsync();
        await page.GotoAsync($"{Base}/login");
        await page.GetByTestId("psc-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("psc-identity")).ToContainTextAsync("Lefevre Antoine");
        await Assertions.Expect(page.GetByTestId("psc-identity")).ToContainTextAsync(rpps);
        await page.ScreenshotAsync(new() { Path = Screenshot("psc-register.png"), FullPage = true });
        var email = $"antoine.lefevre.{Guid.NewGuid():N}@chu-demo.fr";
        await page.GetByLabel("Spécialité").FillAsync("Néphrologie");
        await page.GetByLabel("E-mail professionnel").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync("ma carte et ma phrase de passe");
        await page.GetByLabel("J'accepte les conditions d'utilisation").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-code")).ToHaveTextAsync(new Regex("^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Continuer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Bonjour Antoine Lefevre.")).ToBeVisibleAsync();
        var id = (await Factory.Cluster.GetGrain<Contracts.Directory.IDirectoryGrain>(0).FindByIdentifier(new ProfessionalIdentifier(IdentifierKind.Rpps, rpps)))!.Value;
        Assert.Equal(AccountStatus.Active, (await Factory.Cluster.GetGrain<IPractitionerGrain>(id).GetStanding()).Status);

        // A professional registered the usual way, still pending: the card and their password log them in and validate them.
        var known = await TestAccounts.RegisterAsync(Factory.CreateClient(), lastName: "Carte");
        var profile = (await Factory.Cluster.GetGrain<IPractitionerGrain>(known.Id).GetProfile(Caller.System("tests")))!;
        _provider.User = PscUser.Physician(profile.Identifier.Number, "CARTE", profile.FirstName.ToUpperInvariant());
        var second = await NewPageAsync();
        await second.GotoAsync($"{Base}/login");
        await second.GetByTestId("psc-start").ClickAsync();
        await Assertions.Expect(second.GetByTestId("psc-identity")).ToContainTextAsync(profile.Identifier.Number); // back from the provider, not the login form
        await second.GetByLabel("Mot de passe").FillAsync("pas le bon mot de passe");
        await second.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(second.Locator(".validation-message, .validation-errors").First).ToBeVisibleAsync();
        await second.GetByLabel("Mot de passe").FillAsync(known.Password);
        await second.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(second.GetByText(new Regex("^Bonjour "))).ToBeVisibleAsync();
        Assert.Equal(AccountStatus.Active, (await Factory.Cluster.GetGrain<IPractitionerGrain>(known.Id).GetStanding()).Status);
    }
}
