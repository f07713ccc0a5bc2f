using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>Who has read how far.</summary>
[GenerateSerializer, Immutable]
public sealed record ReadReceipt(
    [property: Id(0)] PractitionerId Reader,
    [property: Id(1)] long UpToSequence,
    [property: Id(2)] DateTimeOffset At);
