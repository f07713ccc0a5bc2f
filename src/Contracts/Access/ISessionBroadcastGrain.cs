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
