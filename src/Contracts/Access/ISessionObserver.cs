namespace Collab.Contracts.Access;

/// <summary>A web node's side of <see cref="ISessionBroadcastGrain"/>.</summary>
public interface ISessionObserver : IGrainObserver
{
    /// <summary>Ends the sessions <paramref name="change"/> names that this node holds, and closes their live connections.</summary>
    Task OnSessionChange(SessionChange change);

    /// <summary>
    /// Seals the group's keys to the waiting member with the session of a holder open on this node, if there is one
    /// (a live page or connection carries the session's secret). True when the member holds the keys now.
    /// </summary>
    Task<bool> OnKeysWanted(KeysWanted request);
}
