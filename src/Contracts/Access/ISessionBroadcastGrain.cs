namespace Collab.Contracts.Access;

/// <summary>
/// Tells every web node that sessions must end: sessions live in each node's memory, so a suspension, a
/// restriction, a password reset or a logout reaches the node holding the session (and its open live
/// connections) only through here. One grain for the cluster (key 0); each web node subscribes one observer.
/// </summary>
public interface ISessionBroadcastGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes (or renews) a web node's observer; a node that stops renewing is forgotten after a few minutes.</summary>
    Task Subscribe(ISessionObserver node);

    /// <summary>Ends a node's subscription.</summary>
    Task Unsubscribe(ISessionObserver node);

    /// <summary>Tells every subscribed node, and returns once each has applied it (or a few seconds have passed).</summary>
    Task Publish(SessionChange change);
}

/// <summary>A web node's side of <see cref="ISessionBroadcastGrain"/>.</summary>
public interface ISessionObserver : IGrainObserver
{
    /// <summary>Ends the sessions <paramref name="change"/> names that this node holds, and closes their live connections.</summary>
    Task OnSessionChange(SessionChange change);
}

/// <summary>
/// Which sessions end: one (<see cref="Session"/>), or every session of <see cref="Practitioner"/> but
/// <see cref="KeepSession"/> (the one that changed its password, say). With <see cref="ViewsOnly"/> the sessions
/// stay (a restricted account may still log in to read why) and only their open live views close, forgetting the
/// keys they opened. <see cref="Reason"/> is for logs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SessionChange(
    [property: Id(0)] Guid Practitioner,
    [property: Id(1)] Guid? Session,
    [property: Id(2)] Guid? KeepSession,
    [property: Id(3)] string Reason,
    [property: Id(4)] bool ViewsOnly = false);
