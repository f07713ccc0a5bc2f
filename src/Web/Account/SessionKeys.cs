using Collab.Contracts.Errors;
using Collab.Crypto;

namespace Collab.Web.Account;

/// <summary>The logged-in user's key pair for this request, from the session store and the cookie's secret.</summary>
public static class SessionKeys
{
    public static UserKeyPair Unlock(HttpContext http) =>
        Unlock(http.RequestServices.GetRequiredService<SessionKeyStore>(), SessionCookies.TicketOf(http.User));

    /// <summary>The key pair a session's ticket opens, or Unauthenticated when there is no live session.</summary>
    public static UserKeyPair Unlock(SessionKeyStore sessions, SessionTicket? ticket)
    {
        if (ticket is null)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first.");
        }

        try
        {
            return sessions.Unlock(ticket);
        }
        catch (CryptoException)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
        }
    }
}
