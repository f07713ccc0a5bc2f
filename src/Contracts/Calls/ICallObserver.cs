namespace Collab.Contracts.Calls;

/// <summary>
/// A participant's browser, as its web node holds it: told who joins and leaves, handed the signalling addressed to it
/// (session descriptions and ICE candidates, passed through, never stored or logged), and told when it must leave.
/// </summary>
public interface ICallObserver : IGrainObserver
{
    /// <summary>Someone joined: they will send an offer.</summary>
    Task Joined(CallPeer peer);

    /// <summary>Someone left (or was removed).</summary>
    Task Left(Guid peer);

    /// <summary>Signalling from <paramref name="from"/>.</summary>
    Task Signal(Guid from, string payload);

    /// <summary>This participant is out of the call: they left elsewhere, lost access to the conversation, or the call ended.</summary>
    Task Ended(string reason);
}
