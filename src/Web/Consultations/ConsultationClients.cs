using System.Security.Claims;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Web.Account;

namespace Collab.Web.Consultations;

/// <summary>Builds a <see cref="ConsultationClient"/> for a logged-in user: their key pair comes from the session store with the cookie's secret.</summary>
public sealed class ConsultationClients(IGrainFactory grains, SessionKeyStore sessions)
{
    public ConsultationClient For(ClaimsPrincipal user, Caller caller)
    {
        var practitioner = SessionCookies.PractitionerOf(user) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first.");
        var ticket = SessionCookies.TicketOf(user) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first.");
        return new ConsultationClient(grains, new PractitionerId(practitioner), () => SessionKeys.Unlock(sessions, ticket), caller, () => sessions.IsAlive(ticket.SessionId));
    }

    public ConsultationClient For(HttpContext http) => For(http.User, Access.HttpCaller.From(http));
}
