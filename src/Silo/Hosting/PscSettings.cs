using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Pro Santé Connect, the national OpenID Connect provider for CPS/e-CPS cards (<c>Psc:*</c>, README "Settings"), offered
/// on the login page when <see cref="Authority"/> is set: the issuer (sandbox "BAS" or production), the client
/// registered with the Agence du Numérique en Santé and its secret (in a file), the discovery document (PSC publishes it
/// at a non-standard address), the scopes and the authentication level required.
/// </summary>
public sealed record PscSettings(Uri Authority, Uri MetadataAddress, string ClientId, string ClientSecret, IReadOnlyList<string> Scopes, string Acr, bool RequireHttps)
{
    public const string SandboxAuthority = "https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet";
    public const string ProductionAuthority = "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet";

    /// <summary>The settings, or null when <c>Psc:Authority</c> is not set (no Pro Santé Connect button).</summary>
    public static PscSettings? Read(IConfiguration configuration)
    {
        if (configuration["Psc:Authority"] is not { } text)
        {
            return null;
        }

        var requireHttps = configuration.ReadBoolean("Psc:RequireHttpsMetadata", true);
        var authority = Address(text, requireHttps, "Psc:Authority",
            $"must be the provider's issuer, such as {SandboxAuthority} (sandbox) or {ProductionAuthority}");
        var metadata = configuration["Psc:MetadataAddress"] is { } meta
            ? Address(meta, requireHttps, "Psc:MetadataAddress", "must be the address of the provider's discovery document")
            : new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/wallet-openid-configuration");
        var clientId = configuration["Psc:ClientId"] is { Length: > 0 } id && !string.IsNullOrWhiteSpace(id)
            ? id.Trim()
            : throw new InvalidSettingException("Psc:ClientId", "is required with Psc:Authority (the client id the Agence du Numérique en Santé gave)");
        var secret = configuration.ReadSecretFile("Psc:ClientSecretFile")
            ?? throw new InvalidSettingException("Psc:ClientSecretFile", "is required with Psc:Authority (a file holding the client secret)");
        var scopes = configuration.ReadText("Psc:Scope", "openid scope_all").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid"))
        {
            throw new InvalidSettingException("Psc:Scope", "must include openid, such as \"openid scope_all\"");
        }

        return new PscSettings(authority, metadata, clientId, secret, scopes, configuration.ReadText("Psc:Acr", "eidas1"), requireHttps);
    }

    private static Uri Address(string text, bool requireHttps, string key, string rule) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (!requireHttps && url.Scheme == Uri.UriSchemeHttp))
            ? url
            : throw new InvalidSettingException(key, requireHttps ? rule + " (https)" : rule);
}
