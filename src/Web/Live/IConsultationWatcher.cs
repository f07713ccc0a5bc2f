using Collab.Contracts.Consultations;

namespace Collab.Web.Live;

/// <summary>Something on this node that shows a consultation live (a SignalR connection, a Blazor circuit).</summary>
public interface IConsultationWatcher
{
    /// <summary>A committed change, as the grain published it and the node shares it. Events may arrive twice or out of order.</summary>
    Task OnEventAsync(LiveEvent live);

    /// <summary>
    /// The grain's last sequence at a renewal: a watcher behind it missed events (a silo restart, a lost message) and
    /// reads them — at once when the renewal follows the loss of a silo (<paramref name="afterSiloLoss"/>), whose events
    /// in flight are gone, else after a grace for the events still on their way.
    /// </summary>
    Task OnRenewedAsync(long lastSequence, bool afterSiloLoss = false);
}
