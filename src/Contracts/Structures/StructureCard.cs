using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Structures;

/// <summary>A structure as the API shows it; <see cref="Admins"/> and <see cref="RecoveryPublicKey"/> are null unless the viewer administers it (or is the operator).</summary>
[GenerateSerializer, Immutable]
public sealed record StructureCard(
    [property: Id(0)] Guid Id,
    [property: Id(1)] StructureInfo Info,
    [property: Id(2)] IReadOnlyList<PractitionerId>? Admins,
    [property: Id(3)] byte[]? RecoveryPublicKey);
