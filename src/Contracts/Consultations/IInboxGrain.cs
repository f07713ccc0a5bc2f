using Orleans.Concurrency;

namespace Collab.Contracts.Consultations;

/// <summary>
/// A practitioner's inbox: the list of their consultations (from the index, no health data), and its
/// live feed — the relays of the web nodes where they are connected subscribe here, and
/// consultations publish when the inbox changes. Keyed by practitioner id.
/// </summary>
public interface IInboxGrain : IGrainWithGuidKey
{
    /// <summary>The consultations in <paramref name="box"/>, newest first, optionally of one status. The practitioner only.</summary>
    Task<IReadOnlyList<InboxEntry>> List(InboxBox box, ConsultationStatus? status, Access.Caller caller);

    /// <summary>
    /// Every consultation of the practitioner's in all three boxes (up to 10,000 per box), for exports
    /// that must miss none (patients' and users' rights). The practitioner only.
    /// </summary>
    Task<IReadOnlyList<InboxEntry>> ListAll(Access.Caller caller);

    /// <summary>Subscribes (or renews) a node's relay; subscriptions expire unless renewed.</summary>
    Task Subscribe(ILiveRelay relay);

    /// <summary>Ends a relay's subscription.</summary>
    Task Unsubscribe(ILiveRelay relay);

    /// <summary>Tells the subscribed relays.</summary>
    [OneWay]
    Task Publish(InboxEvent change);

    /// <summary>Rings (or stops ringing) this practitioner's web nodes for a call of one of their conversations.</summary>
    Task Ring(Calls.CallRing ring);
}
