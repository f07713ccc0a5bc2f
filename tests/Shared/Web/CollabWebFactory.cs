using System.Globalization;
using Collab.Crypto;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Collab.Testing;

/// <summary>
/// The web application as <c>./collab run</c> starts it — co-hosted silo, migrations, health — on a
/// fresh database and its own ports, with every log entry captured at every level.
/// </summary>
public class CollabWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public CapturedLogs Logs { get; } = new();

    /// <summary>Whether the Development demo data is created at start-up (off unless a test wants it).</summary>
    public bool DemoEnabled { get; init; }

    /// <summary>The application's clock (grains and web); Orleans' own background timers stay on real time.</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>The port the SMTP gateway listens on (0: no gateway, the default in tests).</summary>
    public int SmtpPort { get; init; }

    /// <summary>More settings, as a test wants them (such as <c>Mail:SecureDomains</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public IClusterClient Cluster => Services.GetRequiredService<IClusterClient>();

    public Silo.Notifications.DevelopmentOutbox Outbox => Services.GetRequiredService<Silo.Notifications.DevelopmentOutbox>();

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>
    /// Makes this a second web node of <see cref="NodeOf"/>'s platform: an Orleans client of its silo, on its
    /// database, with its key-ring secret, as <c>./collab cluster</c> runs web nodes.
    /// </summary>
    public CollabWebFactory? NodeOf { get; init; }

    /// <summary>The port of the co-hosted silo's gateway (what a second web node connects to).</summary>
    public int GatewayPort { get; } = FreePorts.Next();

    public async Task InitializeAsync() => _database = NodeOf?.Database ?? await TestDatabase.CreateAsync(migrate: false);

    /// <summary>
    /// The Argon2id parameters of new password wraps: 3 passes over 1 MiB, so that the suite's hundreds of
    /// registrations and logins test the platform rather than spend minutes in Argon2id (the production cost, 64 MiB,
    /// is the crypto tests' and the password-bound tests' business).
    /// </summary>
    public PasswordKdf PasswordKdf { get; init; } = new(3, 1024 * 1024);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Demo:Enabled", DemoEnabled ? "true" : "false");
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", (NodeOf?.GatewayPort ?? GatewayPort).ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Web:CoHostSilo", NodeOf is null ? "true" : "false");
        // Every test request comes from the same (test server) address: the per-address limits have their own tests.
        builder.UseSetting("RateLimit:CredentialsPerMinute", "1000000");
        builder.UseSetting("RateLimit:RegistrationsPerHour", "1000000");
        builder.UseSetting("Audit:SigningKeyPath", Path.Combine(Path.GetTempPath(), "collab-tests", Database.Name, "audit-signing.key"));
        builder.UseSetting("Knowledge:PepperPath", Path.Combine(Path.GetTempPath(), "collab-tests", Database.Name, "knowledge-pepper.key"));
        builder.UseSetting("Web:KeyRingSecretPath", Path.Combine(Path.GetTempPath(), "collab-tests", Database.Name, "web-keyring.key"));
        builder.UseSetting("Mail:Smtp:Port", SmtpPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Smtp:CertificatePath", Path.Combine(Path.GetTempPath(), "collab-tests", Database.Name, "smtp-tls.pfx"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(PasswordKdf);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            // Discussions look for owed notices often; their delays run on the clock above, which tests move.
            services.AddSingleton(new Grains.Discussions.DiscussionNoticeOptions { CheckEvery = TimeSpan.FromMilliseconds(250) });
            services.AddLogging(logging => logging.AddFilter<CapturedLogs>(null, LogLevel.Trace));
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null && NodeOf is null)
        {
            await _database.DisposeAsync();
        }
    }
}
