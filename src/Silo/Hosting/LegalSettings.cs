using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Who answers for this installation, as its privacy pages name them (<c>Legal:*</c>, README "Settings"): the data
/// controller (the hospital or the operator), the data-protection officer's address, and the certified health-data host
/// with its country. Free text, shown as written; unset, the pages say the operator has not named them yet.
/// </summary>
public sealed record LegalSettings(string? Controller, string? DpoEmail, string? Host)
{
    public static LegalSettings Default { get; } = new(null, null, null);

    public static LegalSettings Read(IConfiguration configuration)
    {
        var dpo = configuration["Legal:DpoEmail"];
        if (dpo is not null && !System.Net.Mail.MailAddress.TryCreate(dpo, out _))
        {
            throw new InvalidSettingException("Legal:DpoEmail", "must be the data-protection officer's email address, such as dpo@hopital.example.fr");
        }

        return new LegalSettings(Text(configuration, "Legal:Controller"), dpo, Text(configuration, "Legal:Host"));
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { } text && (string.IsNullOrWhiteSpace(text) || text.Length > 300)
            ? throw new InvalidSettingException(key, "must be 1 to 300 characters when set")
            : configuration[key];
}
