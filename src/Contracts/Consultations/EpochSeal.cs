namespace Collab.Contracts.Consultations;

/// <summary>An epoch key sealed to each participant and to the recipient group's current key version.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochSeal(
    [property: Id(0)] IReadOnlyDictionary<Guid, byte[]> SealedToParticipants,
    [property: Id(1)] Guid? Group,
    [property: Id(2)] int GroupVersion,
    [property: Id(3)] byte[]? SealedToGroup);
