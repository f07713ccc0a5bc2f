using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Structures;

/// <summary>A structure as stored.</summary>
[GenerateSerializer, Immutable]
public sealed record StructureView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] StructureInfo Info,
    [property: Id(2)] IReadOnlyList<PractitionerId> Admins,
    [property: Id(3)] byte[]? RecoveryPublicKey);
