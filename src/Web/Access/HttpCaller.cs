using Collab.Contracts.Access;

namespace Collab.Web.Access;

public static class HttpCaller
{
    private const int MaxUserAgentLength = 256;

    /// <summary>
    /// The caller of this request as grains and the audit trail see it. Until accounts exist
    /// (identity issue) every API caller is <c>anonymous</c>.
    /// </summary>
    public static Caller From(HttpContext context)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new Caller(
            context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name ?? "unknown" : "anonymous",
            null,
            context.Connection.RemoteIpAddress?.ToString(),
            userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)]);
    }
}
