using System.Security.Claims;
using Collab.Crypto;
using Microsoft.AspNetCore.DataProtection;

namespace Collab.Web.Account;

/// <summary>
/// What the cookies carry. The authentication cookie (encrypted by ASP.NET Core Data Protection)
/// holds the practitioner id, the session id and the session secret — the secret that unlocks the
/// session's private key, which the server never keeps. A second, short-lived cookie carries the
/// half-finished login between the password and the second factor.
/// </summary>
public static class SessionCookies
{
    public const string AuthenticationCookie = "collab.session";
    public const string PendingLoginCookie = "collab.login";
    public const string DeviceCookie = "collab.device";
    public const string SessionIdClaim = "collab:sid";
    public const string SessionSecretClaim = "collab:sk";
    public const string StartedAtClaim = "collab:started";
    public const string AuthenticatedAtClaim = "collab:authat";
    private const string PendingPurpose = "Collab.PendingLogin.v1";

    public static ClaimsPrincipal Principal(Guid practitioner, SessionTicket ticket, DateTimeOffset startedAt, DateTimeOffset? authenticatedAt = null) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, practitioner.ToString("D")),
                new Claim(ClaimTypes.Name, practitioner.ToString("D")),
                new Claim(SessionIdClaim, ticket.SessionId.ToString("D")),
                new Claim(SessionSecretClaim, Convert.ToBase64String(ticket.Secret)),
                new Claim(StartedAtClaim, startedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(AuthenticatedAtClaim, (authenticatedAt ?? startedAt).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            "collab"));

    public static Guid? PractitionerOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static SessionTicket? TicketOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionIdClaim), out var sessionId) && user.FindFirstValue(SessionSecretClaim) is { } secret
            ? new SessionTicket(sessionId, Convert.FromBase64String(secret))
            : null;

    public static DateTimeOffset? StartedAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(StartedAtClaim), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>When the user last proved their password (login or re-authentication).</summary>
    public static DateTimeOffset? AuthenticatedAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(AuthenticatedAtClaim), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Sets the pending-login cookie (HttpOnly, SameSite=Strict, 10 minutes).</summary>
    public static void SetPendingLogin(HttpContext http, IDataProtectionProvider protection, Guid practitioner, SessionTicket ticket)
    {
        var payload = $"{practitioner:D}|{ticket.SessionId:D}|{Convert.ToBase64String(ticket.Secret)}";
        http.Response.Cookies.Append(PendingLoginCookie, protection.CreateProtector(PendingPurpose).Protect(payload), Options(http, TimeSpan.FromMinutes(10)));
    }

    public static (Guid Practitioner, SessionTicket Ticket)? PendingLogin(HttpContext http, IDataProtectionProvider protection)
    {
        if (!http.Request.Cookies.TryGetValue(PendingLoginCookie, out var value))
        {
            return null;
        }

        try
        {
            var parts = protection.CreateProtector(PendingPurpose).Unprotect(value).Split('|');
            return (Guid.Parse(parts[0]), new SessionTicket(Guid.Parse(parts[1]), Convert.FromBase64String(parts[2])));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void ClearPendingLogin(HttpContext http) => http.Response.Cookies.Delete(PendingLoginCookie);

    public static void SetDevice(HttpContext http, string token) =>
        http.Response.Cookies.Append(DeviceCookie, token, Options(http, Grains.Practitioners.PractitionerGrain.DeviceLifetime));

    public static CookieOptions Options(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        MaxAge = lifetime,
        Path = "/",
    };
}
