using System.Security.Claims;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Web.Account;
using Collab.Web.Discussions;

namespace Collab.Web.Consultations;

/// <summary>
/// Builds a logged-in user's clients (<see cref="ConsultationClient"/>, <see cref="DiscussionClient"/>): their key
/// pair comes from the session store with the cookie's secret.
/// </summary>
public sealed class ConsultationClients(IGrainFactory grains, SessionKeyStore sessions, Mailboxes.MailPost post)
{
    public ConsultationClient For(ClaimsPrincipal user, Caller caller) =>
        Build(user, (me, unlock, alive) => new ConsultationClient(grains, me, unlock, caller, alive));

    public ConsultationClient For(HttpContext http) => For(http.User, Access.HttpCaller.From(http));

    public DiscussionClient DiscussionsFor(ClaimsPrincipal user, Caller caller) =>
        Build(user, (me, unlock, alive) => new DiscussionClient(grains, me, unlock, caller, alive));

    public DiscussionClient DiscussionsFor(HttpContext http) => DiscussionsFor(http.User, Access.HttpCaller.From(http));

    public Mailboxes.MailClient MailFor(ClaimsPrincipal user, Caller caller) =>
        Build(user, (me, unlock, alive) => new Mailboxes.MailClient(grains, me, unlock, caller, post, alive));

    public Mailboxes.MailClient MailFor(HttpContext http) => MailFor(http.User, Access.HttpCaller.From(http));

    public Knowledge.KnowledgeClient KnowledgeFor(ClaimsPrincipal user, Caller caller) =>
        Build(user, (me, unlock, alive) => new Knowledge.KnowledgeClient(grains, me, unlock, caller, alive));

    private T Build<T>(ClaimsPrincipal user, Func<PractitionerId, Func<UserKeyPair>, Func<bool>, T> client)
    {
        var practitioner = SessionCookies.PractitionerOf(user) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first.");
        var ticket = SessionCookies.TicketOf(user) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first.");
        return client(new PractitionerId(practitioner), () => SessionKeys.Unlock(sessions, ticket), () => sessions.IsAlive(ticket.SessionId));
    }
}
