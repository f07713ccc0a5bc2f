using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Secure mail (<c>Mail:*</c>, README "Settings"): the platform's domain; the SMTP port it accepts mail on (0: none), with
/// STARTTLS under the certificate at <see cref="CertificatePath"/> (created self-signed for development when missing);
/// the other secure domains it exchanges mail with (standing for the national MSSanté list); and the relay outgoing
/// mail to those domains leaves through.
/// </summary>
public sealed partial record MailSettings(
    string Domain,
    int SmtpPort = 0,
    string CertificatePath = "",
    string? CertificatePassword = null,
    IReadOnlyList<string>? SecureDomainList = null,
    string? RelayHost = null,
    int RelayPort = 25,
    bool RelayStartTls = true)
{
    /// <summary>The largest message accepted over SMTP (a 20 MB attachment grows by a third in base64).</summary>
    public const int MaxSmtpBytes = 32 * 1024 * 1024;

    public IReadOnlyList<string> SecureDomains => SecureDomainList ?? [];

    /// <summary>Whether <paramref name="domain"/> is another secure-mail operator's.</summary>
    public bool IsSecure(string domain) => SecureDomains.Contains(domain.Trim().ToLowerInvariant());

    public static MailSettings Read(IConfiguration configuration)
    {
        var domain = ReadDomain(configuration, "Mail:Domain", CollabSettings.DefaultMailDomain);
        var secure = (configuration["Mail:SecureDomains"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(d => IsDomain(d.ToLowerInvariant()) ? d.ToLowerInvariant() : throw new InvalidSettingException("Mail:SecureDomains", "must be domain names separated by commas, such as mssante.fr,ch-exemple.mssante.fr"))
            .ToList();
        var relay = configuration["Mail:Relay:Host"];
        if (relay is not null && (string.IsNullOrWhiteSpace(relay) || Uri.CheckHostName(relay.Trim()) == UriHostNameType.Unknown))
        {
            throw new InvalidSettingException("Mail:Relay:Host", "must be the host name or address of the outgoing secure-mail relay");
        }

        return new MailSettings(
            domain,
            configuration.ReadInteger("Mail:Smtp:Port", 2525, 0, 65535),
            configuration.ReadText("Mail:Smtp:CertificatePath", Path.Combine(".collab", "keys", "smtp-tls.pfx")),
            configuration["Mail:Smtp:CertificatePassword"],
            secure,
            relay?.Trim(),
            configuration.ReadPort("Mail:Relay:Port", 25),
            configuration.ReadBoolean("Mail:Relay:StartTls", true));
    }

    private static string ReadDomain(IConfiguration configuration, string key, string fallback)
    {
        var domain = configuration.ReadText(key, fallback).ToLowerInvariant();
        return IsDomain(domain) ? domain : throw new InvalidSettingException(key, "must be a domain name such as mssante.hopital-exemple.fr");
    }

    private static bool IsDomain(string domain) => DomainPattern().IsMatch(domain);

    [GeneratedRegex(@"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")]
    private static partial Regex DomainPattern();
}
