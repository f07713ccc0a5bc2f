using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>A stored item: ciphertext at its epoch and sequence, and who wrote it. A deleted item has no ciphertext.</summary>
[GenerateSerializer, Immutable]
public sealed record EncryptedItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] int Epoch,
    [property: Id(2)] byte[] Ciphertext,
    [property: Id(3)] DateTimeOffset PostedAt,
    [property: Id(4)] PractitionerId? Author = null,
    [property: Id(5)] DateTimeOffset? DeletedAt = null);
