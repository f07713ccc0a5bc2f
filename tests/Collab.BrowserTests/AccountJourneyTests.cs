using System.Text.RegularExpressions;
using Collab.Testing;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// A clinician runs their account alone, in the browser: a forgotten password reset with the recovery code, the profile
/// edited, the red list switched on — after which a stranger no longer finds them in the directory, while a colleague
/// who already sent them a request still does.
/// </summary>
public sealed partial class AccountJourneyTests : BrowserTest
{
    [Fact]
    public async Task Forgotten_password_with_the_recovery_code_then_the_red_list_hides_from_strangers_but_not_from_a_colleague_in_contact()
    {
        var name = "Discrete" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(5).ToArray());
        var holder = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: name);
        var colleague = await TestSessions.ActiveAsync(Factory, "Confrere");
        await TestConsultations.RequestAsync(colleague.Http, holder.Id, "Avis sur une protéinurie ?");
        var stranger = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: "Inconnue");

        // Forgotten password: from the login page, the recovery code sets a new one and a new code is shown once.
        const string newPassword = "retrouvée grâce au code de secours";
        var page = await NewPageAsync();
        await page.GotoAsync($"{Base}/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié ?" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mot de passe oublié", Level = 1 })).ToBeVisibleAsync(); // not the login form's fields
        await page.GetByLabel("E-mail professionnel").FillAsync(holder.Email);
        await page.GetByLabel("Code de récupération").FillAsync(holder.RecoveryCode);
        await page.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Nouveau mot de passe, une seconde fois").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Choisir ce mot de passe" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-code")).ToHaveTextAsync(RecoveryCodeShape());
        Assert.NotEqual(holder.RecoveryCode, await page.GetByTestId("recovery-code").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Screenshot("recover.png"), FullPage = true });

        // The same code a second time is refused: it was replaced.
        var again = await NewPageAsync();
        await again.GotoAsync($"{Base}/recover");
        await again.GetByLabel("E-mail professionnel").FillAsync(holder.Email);
        await again.GetByLabel("Code de récupération").FillAsync(holder.RecoveryCode);
        await again.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(newPassword + " bis");
        await again.GetByLabel("Nouveau mot de passe, une seconde fois").FillAsync(newPassword + " bis");
        await again.GetByRole(AriaRole.Button, new() { Name = "Choisir ce mot de passe" }).ClickAsync();
        await Assertions.Expect(again.Locator(".validation-errors")).ToBeVisibleAsync();
        await Assertions.Expect(again.GetByTestId("recovery-code")).ToHaveCountAsync(0);

        // The new password logs in; the profile is edited, then the red list switched on.
        await LogInWithEmailedCodeAsync(page, holder.Email, newPassword);
        await page.GotoAsync($"{Base}/profile");
        await page.GetByLabel("Téléphone").FillAsync("04 72 11 22 33");
        await page.GetByLabel("Lieux d'exercice").FillAsync("Néphrologie, CHU Démo\nCabinet Lyon 3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-saved")).ToBeVisibleAsync();
        await page.GetByTestId("red-list-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("red-list-state")).ToContainTextAsync("Vous êtes sur liste rouge");
        await Assertions.Expect(page.GetByLabel("Lieux d'exercice")).ToHaveValueAsync("Néphrologie, CHU Démo\nCabinet Lyon 3");
        await page.ScreenshotAsync(new() { Path = Screenshot("profile.png"), FullPage = true });

        // A stranger's search finds nobody; the colleague who sent a request still finds them.
        var strangerPage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(strangerPage, stranger.Email, stranger.Password);
        Assert.Equal(0, await (await SearchDirectoryAsync(strangerPage, name)).CountAsync());
        var colleaguePage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(colleaguePage, colleague.Account.Email, colleague.Account.Password);
        await Assertions.Expect(await SearchDirectoryAsync(colleaguePage, name)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_passkey_added_on_the_security_page_with_chromiums_virtual_authenticator_then_stands_for_the_second_factor()
    {
        var holder = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: "Cle");
        var page = await NewPageAsync();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        // Added from the security page (just logged in: the password is recent).
        await LogInWithEmailedCodeAsync(page, holder.Email, holder.Password);
        await page.GotoAsync($"{Base}/security");
        await page.GetByLabel("Nom de la clé").FillAsync("Ordinateur du test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une clé d'accès" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("passkeys")).ToContainTextAsync("Ordinateur du test");
        await page.ScreenshotAsync(new() { Path = Screenshot("passkeys.png"), FullPage = true });

        // Next login: the password, then the passkey instead of a code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Déconnexion" }).ClickAsync();
        await page.GotoAsync($"{Base}/login");
        await page.GetByLabel("E-mail professionnel").FillAsync(holder.Email);
        await page.GetByLabel("Mot de passe").FillAsync(holder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Utiliser ma clé d'accès" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("^Bonjour "))).ToBeVisibleAsync();
        await page.GotoAsync($"{Base}/security");
        await Assertions.Expect(page.GetByTestId("passkeys")).ToContainTextAsync("utilisée le");
    }

    // The directory is an interactive page: search again until the circuit has connected and the count is shown.
    private async Task<ILocator> SearchDirectoryAsync(IPage page, string name)
    {
        await page.GotoAsync($"{Base}/directory");
        var count = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "résultat(s)" });
        for (var attempt = 0; attempt < 30 && await count.CountAsync() == 0; attempt++)
        {
            await page.GetByLabel("Nom").FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }

        await Assertions.Expect(count).ToBeVisibleAsync();
        return page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
    }

    [GeneratedRegex(@"^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$")]
    private static partial Regex RecoveryCodeShape();
}
