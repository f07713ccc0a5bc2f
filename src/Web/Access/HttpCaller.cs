using Collab.Contracts.Access;

namespace Collab.Web.Access;

public static class HttpCaller
{
    private const int MaxUserAgentLength = 256;

    /// <summary>The caller of this request as grains and the audit trail see it: the logged-in practitioner, or <c>anonymous</c>.</summary>
    public static Caller From(HttpContext context)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var agent = userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)];
        var address = context.Connection.RemoteIpAddress?.ToString();
        return Account.SessionCookies.PractitionerOf(context.User) is { } practitioner && context.User.Identity?.IsAuthenticated == true
            ? Caller.Practitioner(practitioner, address, agent)
            : new Caller("anonymous", null, address, agent);
    }
}
