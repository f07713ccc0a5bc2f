namespace Collab.Contracts.Consultations;

/// <summary>
/// What an erasure request did to one consultation: destroyed (with the certificate's trace), or kept —
/// <see cref="Kept"/> says why for programs, <see cref="KeptBecause"/> for people, <see cref="KeptUntil"/> until when.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ErasureOutcome(
    [property: Id(0)] Guid Consultation,
    [property: Id(1)] bool Erased,
    [property: Id(2)] string? KeptBecause,
    [property: Id(3)] Guid? CertificateEventId,
    [property: Id(4)] KeptReason? Kept = null,
    [property: Id(5)] DateTimeOffset? KeptUntil = null);
