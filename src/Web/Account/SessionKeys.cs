using Collab.Contracts.Errors;
using Collab.Grains.Crypto;

namespace Collab.Web.Account;

/// <summary>The logged-in user's key pair for this request, from the session store and the cookie's secret.</summary>
public static class SessionKeys
{
    public static UserKeyPair Unlock(HttpContext http)
    {
        var ticket = SessionCookies.TicketOf(http.User) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first.");
        try
        {
            return http.RequestServices.GetRequiredService<SessionKeyStore>().Unlock(ticket);
        }
        catch (CryptoException)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
        }
    }
}
