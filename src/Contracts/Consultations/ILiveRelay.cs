using Orleans.Concurrency;

namespace Collab.Contracts.Consultations;

/// <summary>
/// A web node's relay: grains call it after a change is committed, and it pushes the event to the
/// node's viewers (SignalR connections, Blazor circuits). One per web node.
/// </summary>
public interface ILiveRelay : IGrainObserver
{
    /// <summary>Something happened in a consultation the node watches.</summary>
    [OneWay]
    Task OnConsultationEvent(ConsultationEvent change);

    /// <summary>A practitioner's inbox changed (a new request, a status change).</summary>
    [OneWay]
    Task OnInboxEvent(InboxEvent change);

    /// <summary>A call of one of a practitioner's conversations started or ended (their in-app ring).</summary>
    [OneWay]
    Task OnCallRing(Calls.CallRing ring);
}
