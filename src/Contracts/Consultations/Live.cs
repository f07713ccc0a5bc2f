using Collab.Contracts.Practitioners;
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
}

/// <summary>What a <see cref="ConsultationEvent"/> reports.</summary>
public enum ConsultationEventKind
{
    /// <summary>An item was stored at <see cref="ConsultationEvent.Sequence"/>.</summary>
    Item = 1,
    /// <summary>The item at <see cref="ConsultationEvent.Sequence"/> was deleted by its author.</summary>
    Deleted = 2,
    /// <summary>The status moved.</summary>
    Status = 3,
    /// <summary>A participant has read up to <see cref="ConsultationEvent.Sequence"/>.</summary>
    Read = 4,
    /// <summary>A participant is typing (not stored).</summary>
    Typing = 5,
    /// <summary>A participant opened or left the consultation (not stored).</summary>
    Presence = 6,
}

/// <summary>
/// One change of a consultation, sent to the relays after it is committed. <see cref="Item"/> is the
/// ciphertext (the relay's viewers decrypt it with their own keys).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationEvent(
    [property: Id(0)] Guid Consultation,
    [property: Id(1)] ConsultationEventKind Kind,
    [property: Id(2)] long Sequence,
    [property: Id(3)] PractitionerId? By,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] EncryptedItem? Item = null,
    [property: Id(6)] ConsultationStatus? Status = null,
    [property: Id(7)] bool Present = false);

/// <summary>A consultation in the inbox of <see cref="Practitioner"/> changed.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxEvent(
    [property: Id(0)] PractitionerId Practitioner,
    [property: Id(1)] Guid Consultation,
    [property: Id(2)] ConsultationStatus Status);

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
}

/// <summary>Who has read how far.</summary>
[GenerateSerializer, Immutable]
public sealed record ReadReceipt(
    [property: Id(0)] PractitionerId Reader,
    [property: Id(1)] long UpToSequence,
    [property: Id(2)] DateTimeOffset At);

/// <summary>Which inbox list to show.</summary>
public enum InboxBox
{
    /// <summary>Requests the practitioner made.</summary>
    Sent = 1,
    /// <summary>Requests addressed to the practitioner by name.</summary>
    Received = 2,
    /// <summary>Requests addressed to one of the practitioner's groups.</summary>
    Groups = 3,
}

/// <summary>One line of an inbox: no health data, only parties, status and dates.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxEntry(
    [property: Id(0)] Guid Consultation,
    [property: Id(1)] ConsultationStatus Status,
    [property: Id(2)] PractitionerId Requester,
    [property: Id(3)] PractitionerId? RequiredPractitioner,
    [property: Id(4)] Guid? RequiredGroup,
    [property: Id(5)] PractitionerId? AcceptedBy,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset? RequestedAt,
    [property: Id(8)] DateTimeOffset? DestroyAt = null);
