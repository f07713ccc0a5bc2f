namespace Collab.Contracts.Access;

/// <summary>A web node's side of <see cref="ISessionBroadcastGrain"/>.</summary>
public interface ISessionObserver : IGrainObserver
{
    /// <summary>Ends the sessions <paramref name="change"/> names that this node holds, and closes their live connections.</summary>
    Task OnSessionChange(SessionChange change);
}
