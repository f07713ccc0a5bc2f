namespace Collab.Contracts.Access;

/// <summary>
/// Tells every web node that sessions must end (and asks them for what only an open session can do: sharing a group's
/// keys with a new member): sessions live in each node's memory, so a suspension, a
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

    /// <summary>
    /// Asks the nodes, one after the other, to share a group's keys with a member who accepted, through a holder's open
    /// session; true once one did. False when no holder is online: the next holder's login or visit does it.
    /// </summary>
    Task<bool> WantKeys(KeysWanted request);
}
