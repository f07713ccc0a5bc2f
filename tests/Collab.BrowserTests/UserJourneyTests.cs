using System.Text.RegularExpressions;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Testing;
using Microsoft.Playwright;
using OtpNet;

namespace Collab.BrowserTests;

/// <summary>
/// A new practitioner's first day, in a real browser (Debian's Chromium, headless, driven by
/// Playwright) against the real application on Kestrel: register, be validated by the structure's
/// admin, log in with the emailed code from the outbox, enable TOTP, log out, log in with TOTP,
/// search the directory.
/// </summary>
public sealed partial class UserJourneyTests : BrowserTest
{
    [Fact]
    public async Task Register_be_validated_log_in_with_the_emailed_code_enable_totp_and_search_the_directory()
    {
        // The structure and its admin exist already (set up by the platform).
        var admin = await TestAccounts.RegisterAsync(Factory.CreateClient(), lastName: "Administratrice");
        await Factory.Cluster.GetGrain<IPractitionerStandingGrain>(admin.Id).Validate(Caller.System("tests"));
        await TestAccounts.StructureAsync(Factory, admin.Id, "Hôpital Test");
        var email = $"nouvelle.{Guid.NewGuid():N}@hopital-test.fr";
        const string password = "mon premier jour à l'hôpital";

        // Register.
        var newcomer = await NewPageAsync();
        await newcomer.GotoAsync($"{Base}/register");
        await newcomer.GetByLabel("Nom", new() { Exact = true }).FillAsync("Nouvelle");
        await newcomer.GetByLabel("Prénom").FillAsync("Inès");
        await newcomer.GetByLabel("Spécialité").FillAsync("Cardiologie");
        await newcomer.GetByLabel("Numéro RPPS ou ADELI").FillAsync("10003456786");
        await newcomer.GetByLabel("E-mail professionnel").FillAsync(email);
        await newcomer.GetByLabel("Téléphone").FillAsync("0612345678");
        await newcomer.GetByLabel("Structure").SelectOptionAsync(new SelectOptionValue { Label = "Hôpital Test (Paris)" });
        await newcomer.GetByLabel("Mot de passe").FillAsync(password);
        await newcomer.GetByLabel("J'accepte les conditions d'utilisation").CheckAsync();
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByTestId("recovery-code")).ToHaveTextAsync(RecoveryCodeShape());

        // The address is proved with the code sent to it, on the same page: the admin may validate only then.
        await newcomer.GetByLabel("Code reçu par e-mail").FillAsync(TestAccounts.EmailProofCode(Factory, email));
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Confirmer l'adresse" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByTestId("email-proved")).ToBeVisibleAsync();

        // The admin validates.
        var adminPage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(adminPage, admin.Email, admin.Password);
        await adminPage.GotoAsync($"{Base}/admin");
        var row = adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nouvelle Inès" });
        await Assertions.Expect(row.GetByTestId("checks")).ToContainTextAsync("E-mail confirmé par code");
        await row.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Compte mis à jour.");

        // The newcomer logs in with the emailed code, then sets up TOTP.
        await LogInWithEmailedCodeAsync(newcomer, email, password);
        await newcomer.GotoAsync($"{Base}/security");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Configurer une application" }).ClickAsync();
        var totp = new Totp(Base32Encoding.ToBytes(await newcomer.GetByTestId("totp-secret").InnerTextAsync()));
        await newcomer.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync(totp.ComputeTotp(Factory.Clock.GetUtcNow().UtcDateTime));
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Activer" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Application d'authentification activée.");

        // They change their password on the same page: a mismatch is caught, then the change holds for the next login.
        const string newPassword = "une autre phrase de passe 2026";
        await newcomer.GetByLabel("Mot de passe actuel").FillAsync(password);
        await newcomer.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(newPassword);
        await newcomer.GetByLabel("Nouveau mot de passe, une seconde fois").FillAsync(newPassword + "x");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByText("Les deux saisies du nouveau mot de passe diffèrent.").First).ToBeVisibleAsync();
        await newcomer.GetByLabel("Mot de passe actuel").FillAsync(password);
        await newcomer.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(newPassword);
        await newcomer.GetByLabel("Nouveau mot de passe, une seconde fois").FillAsync(newPassword);
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByTestId("password-changed")).ToBeVisibleAsync();

        // Log out, then back in with the authenticator (a later 30-second step than the one used to enable it).
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Déconnexion" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Connexion" })).ToBeVisibleAsync();
        Factory.Clock.Advance(TimeSpan.FromSeconds(60));
        await newcomer.GotoAsync($"{Base}/login");
        await newcomer.GetByLabel("E-mail professionnel").FillAsync(email);
        await newcomer.GetByLabel("Mot de passe").FillAsync(newPassword);
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await newcomer.GetByLabel("Méthode").SelectOptionAsync(new SelectOptionValue { Label = "Application d'authentification" });
        await newcomer.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync(totp.ComputeTotp(Factory.Clock.GetUtcNow().UtcDateTime));
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByText("Bonjour Inès Nouvelle.")).ToBeVisibleAsync();

        // Search the directory (an interactive page: search again until the circuit has connected).
        await newcomer.GotoAsync($"{Base}/directory");
        var results = newcomer.GetByRole(AriaRole.Row).Filter(new() { HasText = "Administratrice" });
        for (var attempt = 0; attempt < 30 && await results.CountAsync() == 0; attempt++)
        {
            await newcomer.GetByLabel("Nom").FillAsync("administ");
            await newcomer.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
            await newcomer.WaitForTimeoutAsync(500);
        }

        await Assertions.Expect(results).ToHaveCountAsync(1);
        await newcomer.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "directory.png"), FullPage = true });
    }

    [GeneratedRegex(@"^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$")]
    private static partial Regex RecoveryCodeShape();

}
