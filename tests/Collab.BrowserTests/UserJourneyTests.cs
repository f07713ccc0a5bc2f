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
        var card = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4 carte professionnelle {Guid.NewGuid():N}");
        await newcomer.GetByLabel("Justificatif d'identité").SetInputFilesAsync(new FilePayload { Name = "carte-cps.pdf", MimeType = "application/pdf", Buffer = card });
        await newcomer.GetByLabel("J'accepte les conditions d'utilisation").CheckAsync();
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByTestId("recovery-code")).ToHaveTextAsync(RecoveryCodeShape());
        await Assertions.Expect(newcomer.GetByTestId("identity-document-sent")).ToBeVisibleAsync();

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
        // The proof of identity sent with the form opens for the admin, decrypted, as it was sent.
        var document = row.GetByTestId("identity-document");
        await Assertions.Expect(document).ToContainTextAsync("Justificatif (PDF");
        var opened = await adminPage.APIRequest.GetAsync(Base + await document.GetAttributeAsync("href"));
        Assert.Equal(card, await opened.BodyAsync());
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

    [Fact]
    public async Task A_pending_account_sends_its_proof_of_identity_from_its_home_page_and_the_operator_reads_it()
    {
        var op = await TestAccounts.OperatorAsync(Factory, Factory.CreateClient());
        var pending = await TestAccounts.RegisterAsync(Factory.CreateClient(), lastName: "Enattente");

        var page = await NewPageAsync();
        await LogInWithEmailedCodeAsync(page, pending.Email, pending.Password);
        var section = page.GetByTestId("identity-document");
        await Assertions.Expect(section).ToContainTextAsync("Justificatif d'identité");
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, .. System.Text.Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"))];
        await section.GetByLabel("Justificatif d'identité").SetInputFilesAsync(new FilePayload { Name = "carte.jpg", MimeType = "image/jpeg", Buffer = photo });
        await section.GetByRole(AriaRole.Button, new() { Name = "Envoyer le justificatif" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("identity-document-sent")).ToContainTextAsync("Justificatif envoyé (JPEG");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "identity-document.png"), FullPage = true });

        var operatorPage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(operatorPage, op.Email, op.Password);
        await operatorPage.GotoAsync($"{Base}/admin");
        var link = operatorPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Enattente" }).GetByTestId("identity-document");
        await Assertions.Expect(link).ToContainTextAsync("Justificatif (JPEG");
        Assert.Equal(photo, await (await operatorPage.APIRequest.GetAsync(Base + await link.GetAttributeAsync("href"))).BodyAsync());
    }

    [GeneratedRegex(@"^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$")]
    private static partial Regex RecoveryCodeShape();

}
