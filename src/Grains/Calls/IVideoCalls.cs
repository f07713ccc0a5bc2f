using Collab.Contracts.Calls;

namespace Collab.Grains.Calls;

/// <summary>
/// Where a call's media go (the port; <c>Silo/Calls</c> has the adapters, chosen by <c>Video:*</c> settings): the
/// embedded default lets browsers reach each other peer to peer through STUN/TURN servers, signalled through Collab;
/// Twilio Video opens a group room per call and mints a short-lived token per participant.
/// </summary>
public interface IVideoCalls
{
    /// <summary>Gets the call's room ready, if the adapter has rooms.</summary>
    Task OpenAsync(Guid call, CancellationToken cancellationToken = default);

    /// <summary>What one participant needs to reach the media; <paramref name="identity"/> is pseudonymous (the peer id), never a name.</summary>
    CallAccess Access(Guid call, string identity);

    /// <summary>Ends the call's room, if the adapter has rooms.</summary>
    Task CloseAsync(Guid call, CancellationToken cancellationToken = default);
}
