using Collab.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Collab.UnitTests.Hosting;

public sealed class CollabSettingsTests
{
    private const string Database = "Host=127.0.0.1;Database=collab;Username=collab";

    private static CollabSettings Load(params (string Key, string Value)[] values) =>
        CollabSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void With_only_a_database_every_setting_has_its_embedded_default()
    {
        var settings = Load(("Database:ConnectionString", Database));

        Assert.Equal(new ClusterSettings(ClusterMode.Local, "collab", "collab", 11111, 30000, null), settings.Cluster);
        Assert.Equal(10_000, settings.Audit.SegmentSize);
        Assert.Equal(LogFormat.Plain, settings.LogFormat);
        Assert.Equal("collab.localhost", settings.Mail.Domain);
        Assert.Contains("Timezone=UTC", settings.Database.EffectiveConnectionString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Database, 10)]
    [InlineData(Database + ";Maximum Pool Size=80", 80)]
    [InlineData(Database + ";maximum pool size=12", 12)]
    public void Each_pool_holds_at_most_10_connections_unless_the_connection_string_says(string connectionString, int expected)
    {
        var effective = Load(("Database:ConnectionString", connectionString)).Database.EffectiveConnectionString();

        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(effective).MaxPoolSize);
    }

    [Theory]
    [InlineData(Database, 100)]
    [InlineData(Database + ";Max Auto Prepare=0", 0)]
    public void Repeated_statements_are_prepared_unless_the_connection_string_says(string connectionString, int expected)
    {
        var effective = Load(("Database:ConnectionString", connectionString)).Database.EffectiveConnectionString();

        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(effective).MaxAutoPrepare);
    }

    [Fact]
    public void Cluster_mode_reads_its_ports_and_address()
    {
        var settings = Load(
            ("Database:ConnectionString", Database), ("Cluster:Mode", "adonet"), ("Cluster:SiloPort", "11112"),
            ("Cluster:GatewayPort", "30001"), ("Cluster:AdvertisedAddress", "10.0.0.5"), ("Logging:Format", "Json"));

        Assert.Equal(ClusterMode.AdoNet, settings.Cluster.Mode);
        Assert.Equal((11112, 30001, "10.0.0.5"), (settings.Cluster.SiloPort, settings.Cluster.GatewayPort, settings.Cluster.AdvertisedAddress?.ToString()));
        Assert.Equal(LogFormat.Json, settings.LogFormat);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Database:ConnectionString", "", "Invalid setting Database:ConnectionString (COLLAB_DATABASE__CONNECTIONSTRING): is required (./collab run sets it to its local PostgreSQL)" },
        { "Database:ConnectionString", "Hots=db", "Invalid setting Database:ConnectionString (COLLAB_DATABASE__CONNECTIONSTRING): must be an Npgsql connection string such as Host=db;Database=collab;Username=collab;Password=…" },
        { "Cluster:Mode", "Kubernetes", "Invalid setting Cluster:Mode (COLLAB_CLUSTER__MODE): must be one of Local, AdoNet" },
        { "Cluster:Mode", "1", "Invalid setting Cluster:Mode (COLLAB_CLUSTER__MODE): must be one of Local, AdoNet" },
        { "Cluster:SiloPort", "70000", "Invalid setting Cluster:SiloPort (COLLAB_CLUSTER__SILOPORT): must be a whole number from 1 to 65535" },
        { "Cluster:GatewayPort", "-1", "Invalid setting Cluster:GatewayPort (COLLAB_CLUSTER__GATEWAYPORT): must be a whole number from 1 to 65535" },
        { "Cluster:AdvertisedAddress", "silo-1", "Invalid setting Cluster:AdvertisedAddress (COLLAB_CLUSTER__ADVERTISEDADDRESS): must be an IP address such as 10.0.0.5" },
        { "Cluster:ClusterId", " ", "Invalid setting Cluster:ClusterId (COLLAB_CLUSTER__CLUSTERID): must not be empty" },
        { "Audit:SegmentSize", "0", "Invalid setting Audit:SegmentSize (COLLAB_AUDIT__SEGMENTSIZE): must be a whole number from 1 to 10000000" },
        { "Logging:Format", "xml", "Invalid setting Logging:Format (COLLAB_LOGGING__FORMAT): must be one of Plain, Json" },
        { "Mail:Domain", "hopital exemple", "Invalid setting Mail:Domain (COLLAB_MAIL__DOMAIN): must be a domain name such as mssante.hopital-exemple.fr" },
        { "Mail:Smtp:Port", "70000", "Invalid setting Mail:Smtp:Port (COLLAB_MAIL__SMTP__PORT): must be a whole number from 0 to 65535" },
        { "Mail:SecureDomains", "mssante.fr, pas un domaine", "Invalid setting Mail:SecureDomains (COLLAB_MAIL__SECUREDOMAINS): must be domain names separated by commas, such as mssante.fr,ch-exemple.mssante.fr" },
        { "Mail:Relay:Host", "relais mal écrit", "Invalid setting Mail:Relay:Host (COLLAB_MAIL__RELAY__HOST): must be the host name or address of the outgoing secure-mail relay" },
        { "Sms:Twilio:AccountSid", "12345", "Invalid setting Sms:Twilio:AccountSid (COLLAB_SMS__TWILIO__ACCOUNTSID): must be a Twilio Account SID (AC followed by 32 characters)" },
        { "Video:IceServers", "turn:turn.hopital.example:3478;https://stun.example", "Invalid setting Video:IceServers (COLLAB_VIDEO__ICESERVERS): must be stun:, turn: or turns: addresses separated by ';' (not https://stun.example), such as turns:turn.hopital.example:5349" },
        { "Video:TurnUsername", "collab", "Invalid setting Video:TurnUsername (COLLAB_VIDEO__TURNUSERNAME): goes with Video:TurnPasswordFile (the TURN server's long-term credentials)" },
        { "Video:Twilio:AccountSid", "AC0123456789abcdef0123456789abcdef", "Invalid setting Video:Twilio:ApiKeySid (COLLAB_VIDEO__TWILIO__APIKEYSID): must be a Twilio API key SID (SK followed by 32 hexadecimal characters)" },
        { "Legal:DpoEmail", "le DPO de l'hôpital", "Invalid setting Legal:DpoEmail (COLLAB_LEGAL__DPOEMAIL): must be the data-protection officer's email address, such as dpo@hopital.example.fr" },
        { "Legal:Controller", " ", "Invalid setting Legal:Controller (COLLAB_LEGAL__CONTROLLER): must be 1 to 300 characters when set" },
        { "Psc:Authority", "http://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet", "Invalid setting Psc:Authority (COLLAB_PSC__AUTHORITY): must be the provider's issuer, such as https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet (sandbox) or https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet (https)" },
        { "Psc:Authority", "https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet", "Invalid setting Psc:ClientId (COLLAB_PSC__CLIENTID): is required with Psc:Authority (the client id the Agence du Numérique en Santé gave)" },
        { "Email:Smtp:Host", "smtp.example.org", "Invalid setting Email:From (COLLAB_EMAIL__FROM): must be the sender address, such as noreply@collab.example (required with Email:Smtp:Host)" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_refused_with_one_line_naming_it_and_its_rule(string key, string value, string message)
    {
        var values = new List<(string, string)> { ("Database:ConnectionString", Database) };
        values.RemoveAll(v => v.Item1 == key);
        values.Add((key, value));

        var error = Assert.Throws<InvalidSettingException>(() => Load([.. values]));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Twilio_video_needs_a_key_secret_of_128_bits_in_a_file_and_calls_back_under_the_public_url()
    {
        var folder = Directory.CreateTempSubdirectory("collab-video-").FullName;
        File.WriteAllText(Path.Combine(folder, "short"), "too short");
        File.WriteAllText(Path.Combine(folder, "secret"), "0123456789abcdef0123456789abcdef");
        File.WriteAllText(Path.Combine(folder, "token"), "auth-token");
        (string, string)[] twilio =
        [
            ("Database:ConnectionString", Database), ("Web:PublicUrl", "https://collab.hopital.example/"),
            ("Video:Twilio:AccountSid", "AC0123456789abcdef0123456789abcdef"), ("Video:Twilio:ApiKeySid", "SK0123456789abcdef0123456789abcdef"),
            ("Video:Twilio:AuthTokenFile", Path.Combine(folder, "token")),
        ];

        var missing = Assert.Throws<InvalidSettingException>(() => Load(twilio));
        var weak = Assert.Throws<InvalidSettingException>(() => Load([.. twilio, ("Video:Twilio:ApiKeySecretFile", Path.Combine(folder, "short"))]));
        var settings = Load([.. twilio, ("Video:Twilio:ApiKeySecretFile", Path.Combine(folder, "secret")), ("Video:IceServers", "stun:stun.hopital.example:3478")]);

        Assert.Contains("Video:Twilio:ApiKeySecretFile", missing.Message, StringComparison.Ordinal);
        Assert.Contains("at least 128 bits", weak.Message, StringComparison.Ordinal);
        Assert.Equal("https://collab.hopital.example/webhooks/twilio/video", settings.Video.Twilio!.StatusCallback.ToString());
        Assert.Equal("auth-token", settings.Video.Twilio.AuthToken);
        Assert.Equal(["stun:stun.hopital.example:3478"], Assert.Single(settings.Video.IceServers).Urls);
        Assert.Null(Load(("Database:ConnectionString", Database)).Video.Twilio); // the embedded calls by default
    }

    [Fact]
    public async Task A_program_stopped_by_a_bad_setting_prints_one_line_and_exits_with_2()
    {
        var original = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var code = await CollabProgram.RunAsync(() => Task.FromResult(Load(("Cluster:Mode", "x")).Cluster.SiloPort));

            Assert.Equal(2, code);
            Assert.Equal(
                "Invalid setting Database:ConnectionString (COLLAB_DATABASE__CONNECTIONSTRING): is required (./collab run sets it to its local PostgreSQL)" + Environment.NewLine,
                captured.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
