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
public sealed partial class UserJourneyTests : IAsyncLifetime
{
    private readonly CollabWebFactory _factory = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _base = null!;

    public async Task InitializeAsync()
    {
        await _factory.InitializeAsync();
        var port = FreePorts.Next();
        _factory.UseKestrel(port);
        _factory.StartServer();
        _base = $"http://localhost:{port}";
        _playwright = await Playwright.CreateAsync();
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is missing: ./collab test installs Debian's chromium package.");
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await ((IAsyncLifetime)_factory).DisposeAsync();
    }

    [Fact]
    public async Task Register_be_validated_log_in_with_the_emailed_code_enable_totp_and_search_the_directory()
    {
        // The structure and its admin exist already (set up by the platform).
        var admin = await TestAccounts.RegisterAsync(_factory.CreateClient(), lastName: "Administratrice");
        await _factory.Cluster.GetGrain<IPractitionerGrain>(admin.Id).Validate(Caller.System("tests"));
        await TestAccounts.StructureAsync(_factory, admin.Id, "Hôpital Test");
        var email = $"nouvelle.{Guid.NewGuid():N}@hopital-test.fr";
        const string password = "mon premier jour à l'hôpital";

        // Register.
        var newcomer = await NewPageAsync();
        await newcomer.GotoAsync($"{_base}/register");
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

        // The admin validates.
        var adminPage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(adminPage, admin.Email, admin.Password);
        await adminPage.GotoAsync($"{_base}/admin");
        var row = adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nouvelle Inès" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Compte mis à jour.");

        // The newcomer logs in with the emailed code, then sets up TOTP.
        await LogInWithEmailedCodeAsync(newcomer, email, password);
        await newcomer.GotoAsync($"{_base}/security");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Configurer une application" }).ClickAsync();
        var totp = new Totp(Base32Encoding.ToBytes(await newcomer.GetByTestId("totp-secret").InnerTextAsync()));
        await newcomer.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync(totp.ComputeTotp(_factory.Clock.GetUtcNow().UtcDateTime));
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Activer" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Application d'authentification activée.");

        // Log out, then back in with the authenticator (a later 30-second step than the one used to enable it).
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Déconnexion" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Connexion" })).ToBeVisibleAsync();
        _factory.Clock.Advance(TimeSpan.FromSeconds(60));
        await newcomer.GotoAsync($"{_base}/login");
        await newcomer.GetByLabel("E-mail professionnel").FillAsync(email);
        await newcomer.GetByLabel("Mot de passe").FillAsync(password);
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await newcomer.GetByLabel("Méthode").SelectOptionAsync(new SelectOptionValue { Label = "Application d'authentification" });
        await newcomer.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync(totp.ComputeTotp(_factory.Clock.GetUtcNow().UtcDateTime));
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByText("Bonjour Inès Nouvelle.")).ToBeVisibleAsync();

        // Search the directory (an interactive page: search again until the circuit has connected).
        await newcomer.GotoAsync($"{_base}/directory");
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

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { Locale = "fr-FR", TimezoneId = "Europe/Paris" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private async Task LogInWithEmailedCodeAsync(IPage page, string email, string password)
    {
        await page.GotoAsync($"{_base}/login");
        await page.GetByLabel("E-mail professionnel").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un code par e-mail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Code envoyé.");

        // Read the code where a local user would: the development outbox page.
        var outbox = await page.Context.NewPageAsync();
        await outbox.GotoAsync($"{_base}/dev/outbox");
        var body = await outbox.Locator($"li[data-to='{email}'] .body").First.InnerTextAsync();
        await outbox.CloseAsync();

        await page.GetByLabel("Méthode").SelectOptionAsync(new SelectOptionValue { Label = "Code reçu par e-mail" });
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync(SixDigits().Match(body).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("^Bonjour "))).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$")]
    private static partial Regex RecoveryCodeShape();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
