using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

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
