using Collab.Contracts.Calls;
using Collab.Grains.Calls;
using Collab.Silo.Hosting;

namespace Collab.Silo.Calls;

/// <summary>
/// The embedded default (<see cref="IVideoCalls"/>): no rooms; browsers reach each other peer to peer (DTLS-SRTP
/// between them) through the configured STUN/TURN servers, signalled through the call's grain. No media pass through
/// Collab's servers.
/// </summary>
public sealed class EmbeddedVideoCalls(VideoSettings settings) : IVideoCalls
{
    public Task OpenAsync(Guid call, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public CallAccess Access(Guid call, string identity) => new(CallAccess.Embedded, settings.IceServers, settings.LoopbackOnly);

    public Task CloseAsync(Guid call, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
