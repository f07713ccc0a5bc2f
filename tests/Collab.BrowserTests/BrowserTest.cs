using System.Text.RegularExpressions;
using Collab.Testing;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// The real application on Kestrel (fresh database, own ports) and Debian's Chromium, headless,
/// driven by Playwright; French browser contexts, as the users' are.
/// </summary>
public abstract partial class BrowserTest : IAsyncLifetime
{
    protected BrowserTest(bool demo = false, bool smtp = false)
    {
        Factory = new() { DemoEnabled = demo, SmtpPort = smtp ? FreePorts.Next() : 0, Settings = _settings };
    }

    // One Chromium for the whole test run (a launch costs a second or two of CPU, and every test used to start its own);
    // each test has its own browser contexts — cookies, storage, pages — closed when it ends.
    private static readonly Lazy<Task<IBrowser>> SharedBrowser = new(LaunchAsync);
    private readonly List<IBrowserContext> _contexts = [];
    private IBrowser _browser = null!;

    // Calls keep their media on the loopback interface (ICE candidates on 127.0.0.1 only). The public address (links,
    // the passkeys' relying party) is the one the browser opens, set once the port is known.
    private readonly Dictionary<string, string> _settings = new() { ["Video:LoopbackOnly"] = "true" };

    protected CollabWebFactory Factory { get; }

    protected string Base { get; private set; } = null!;

    /// <summary>Where tests save their screenshots (next to the test assembly).</summary>
    protected static string Screenshot(string name) => Path.Combine(AppContext.BaseDirectory, "screenshots", name);

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        var port = FreePorts.Next();
        Base = $"http://localhost:{port}";
        _settings["Web:PublicUrl"] = Base + "/";
        foreach (var (key, value) in await MoreSettingsAsync())
        {
            _settings[key] = value;
        }

        Factory.UseKestrel(port);
        Factory.StartServer();
        Assertions.SetDefaultExpectTimeout(15_000); // a busy 2-core CI machine: live updates may take a few seconds
        _browser = await SharedBrowser.Value;
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is missing: ./collab test installs Debian's chromium package.");
        // Playwright's driver ends the browser when the test process ends.
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required"] });
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await ((IAsyncLifetime)Factory).DisposeAsync();
        await StopAsync();
    }

    /// <summary>Settings a test class needs before the application starts (an outside service it started, say).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> MoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>Stops what <see cref="MoreSettingsAsync"/> started, once the application has stopped.</summary>
    protected virtual Task StopAsync() => Task.CompletedTask;

    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser.NewContextAsync(new() { Locale = "fr-FR", TimezoneId = "Europe/Paris", ViewportSize = new() { Width = width, Height = height } });
        // Clicks and navigations wait up to 30 s: the suite runs two test projects at once on a 2-core machine, and the
        // web tests start whole clusters of processes (ClusterFailoverTests) — a sign-in redirect chain took 15 s there once.
        context.SetDefaultTimeout(30_000);
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    protected async Task LogInWithEmailedCodeAsync(IPage page, string email, string password)
    {
        await page.GotoAsync($"{Base}/login");
        await page.GetByLabel("E-mail professionnel").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un code par e-mail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Code envoyé.");

        // Read the code where a local user would: the development outbox page.
        var outbox = await page.Context.NewPageAsync();
        await outbox.GotoAsync($"{Base}/dev/outbox");
        var body = await outbox.Locator($"li[data-to='{email}'] .body").First.InnerTextAsync();
        await outbox.CloseAsync();

        await page.GetByLabel("Méthode").SelectOptionAsync(new SelectOptionValue { Label = "Code reçu par e-mail" });
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync(SixDigits().Match(body).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("^Bonjour "))).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
