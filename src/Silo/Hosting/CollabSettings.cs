using Collab.Silo.Audit;
using Collab.Silo.Notifications;
using Collab.Silo.Postgres;
using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Every setting a Collab process reads, validated as a whole at start-up. Documented in README
/// ("Settings"); each is also an environment variable (COLLAB_ + path with __ for :).
/// </summary>
public sealed record CollabSettings(
    DatabaseOptions Database, ClusterSettings Cluster, AuditOptions Audit, LogFormat LogFormat, SmtpOptions? Smtp = null, TwilioOptions? Twilio = null,
    Compliance.UnusualAccessOptions? UnusualAccessSettings = null,
    Uri? PublicUrlSetting = null,
    MailSettings? MailSettings = null,
    KnowledgeSettings? KnowledgeSettings = null,
    VideoSettings? VideoSettings = null,
    LegalSettings? LegalSettings = null,
    PscSettings? Psc = null)
{
    /// <summary>Who answers for this installation on its privacy pages (<c>Legal:*</c>).</summary>
    public LegalSettings Legal => LegalSettings ?? LegalSettings.Default;

    /// <summary>Calls: STUN/TURN servers for the embedded adapter (<c>Video:*</c>).</summary>
    public VideoSettings Video => VideoSettings ?? VideoSettings.Default;

    /// <summary>The knowledge base: pepper, index name, Elasticsearch (<c>Knowledge:*</c>).</summary>
    public KnowledgeSettings Knowledge => KnowledgeSettings ?? KnowledgeSettings.Default;

    /// <summary>The domain of the platform's secure mailbox addresses when <c>Mail:Domain</c> is not set.</summary>
    public const string DefaultMailDomain = "collab.localhost";

    /// <summary>Secure mail: the domain, the SMTP port and certificate, the secure domains and the outgoing relay (<c>Mail:*</c>).</summary>
    public MailSettings Mail => MailSettings ?? new(DefaultMailDomain);

    /// <summary>The unusual-access thresholds (defaults when not set).</summary>
    public Compliance.UnusualAccessOptions UnusualAccess => UnusualAccessSettings ?? new();

    /// <summary>Where users reach the platform: links in emails start with it.</summary>
    public Uri PublicUrl => PublicUrlSetting ?? DefaultPublicUrl;

    public static readonly Uri DefaultPublicUrl = new("http://localhost:5080/");

    public static CollabSettings Load(IConfiguration configuration)
    {
        var publicUrl = ReadPublicUrl(configuration);
        var connectionString = configuration["Database:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidSettingException("Database:ConnectionString", "is required (./collab run sets it to its local PostgreSQL)");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            throw new InvalidSettingException("Database:ConnectionString", "must be an Npgsql connection string such as Host=db;Database=collab;Username=collab;Password=…");
        }

        var cluster = new ClusterSettings(
            configuration.ReadEnum("Cluster:Mode", ClusterMode.Local),
            configuration.ReadText("Cluster:ClusterId", "collab"),
            configuration.ReadText("Cluster:ServiceId", "collab"),
            configuration.ReadPort("Cluster:SiloPort", 11111),
            configuration.ReadPort("Cluster:GatewayPort", 30000),
            configuration.ReadAddress("Cluster:AdvertisedAddress"),
            configuration.ReadBoolean("Cluster:Tls:Enabled", false)
                ? new ClusterTlsSettings(
                    configuration.ReadText("Cluster:Tls:CertificatePath", Path.Combine(".collab", "keys", "cluster-tls.pfx")),
                    configuration["Cluster:Tls:CertificatePassword"])
                : null);

        var audit = new AuditOptions
        {
            SigningKeyPath = configuration.ReadText("Audit:SigningKeyPath", Path.Combine(".collab", "keys", "audit-signing.key")),
            SegmentSize = configuration.ReadInteger("Audit:SegmentSize", 10_000, 1, 10_000_000),
        };

        return new CollabSettings(
            new DatabaseOptions { ConnectionString = connectionString },
            cluster,
            audit,
            configuration.ReadEnum("Logging:Format", LogFormat.Plain),
            ReadSmtp(configuration),
            ReadTwilio(configuration),
            new Compliance.UnusualAccessOptions
            {
                PatientsPerHour = configuration.ReadInteger("UnusualAccess:PatientsPerHour", 30, 1, 100_000),
                RefusalsPerHour = configuration.ReadInteger("UnusualAccess:RefusalsPerHour", 5, 1, 100_000),
                QuietHoursStart = configuration.ReadInteger("UnusualAccess:QuietHoursStart", 22, 0, 23),
                QuietHoursEnd = configuration.ReadInteger("UnusualAccess:QuietHoursEnd", 6, 0, 23),
                QuietHoursPatients = configuration.ReadInteger("UnusualAccess:QuietHoursPatients", 1, 1, 100_000),
                ScanEvery = TimeSpan.FromMinutes(configuration.ReadInteger("UnusualAccess:ScanMinutes", 10, 1, 1440)),
            },
            publicUrl,
            MailSettings.Read(configuration),
            KnowledgeSettings.Read(configuration),
            VideoSettings.Read(configuration, publicUrl),
            LegalSettings.Read(configuration),
            PscSettings.Read(configuration));
    }

    private static Uri ReadPublicUrl(IConfiguration configuration)
    {
        var text = configuration["Web:PublicUrl"];
        if (text is null)
        {
            return DefaultPublicUrl;
        }

        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new InvalidSettingException("Web:PublicUrl", "must be the absolute http(s) address users open, such as https://collab.example.fr");
    }

    private static SmtpOptions? ReadSmtp(IConfiguration configuration)
    {
        if (configuration["Email:Smtp:Host"] is null)
        {
            return null;
        }

        var from = configuration.ReadText("Email:From", "");
        if (!System.Net.Mail.MailAddress.TryCreate(from, out _))
        {
            throw new InvalidSettingException("Email:From", "must be the sender address, such as noreply@collab.example (required with Email:Smtp:Host)");
        }

        return new SmtpOptions(
            configuration.ReadText("Email:Smtp:Host", ""),
            configuration.ReadPort("Email:Smtp:Port", 587),
            configuration["Email:Smtp:Username"],
            configuration["Email:Smtp:Password"],
            from,
            configuration.ReadBoolean("Email:Smtp:StartTls", true));
    }

    private static TwilioOptions? ReadTwilio(IConfiguration configuration)
    {
        if (configuration["Sms:Twilio:AccountSid"] is null)
        {
            return null;
        }

        var sid = configuration.ReadText("Sms:Twilio:AccountSid", "");
        if (!sid.StartsWith("AC", StringComparison.Ordinal) || sid.Length != 34)
        {
            throw new InvalidSettingException("Sms:Twilio:AccountSid", "must be a Twilio Account SID (AC followed by 32 characters)");
        }

        var token = configuration["Sms:Twilio:AuthToken"] is { Length: > 0 } t ? t
            : throw new InvalidSettingException("Sms:Twilio:AuthToken", "is required with Sms:Twilio:AccountSid");
        var from = configuration["Sms:Twilio:From"] is { Length: > 0 } f ? f
            : throw new InvalidSettingException("Sms:Twilio:From", "is required with Sms:Twilio:AccountSid (an E.164 number such as +33700000000, or a Messaging Service SID)");
        var baseAddress = configuration["Sms:Twilio:BaseAddress"] is { } b
            ? Uri.TryCreate(b, UriKind.Absolute, out var uri) ? uri : throw new InvalidSettingException("Sms:Twilio:BaseAddress", "must be an absolute URL")
            : TwilioOptions.DefaultBaseAddress;
        return new TwilioOptions(sid, token, from, baseAddress);
    }
}
