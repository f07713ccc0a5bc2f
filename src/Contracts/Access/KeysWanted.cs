using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Access;

/// <summary>
/// A member accepted an invitation to <see cref="Group"/> and waits for its keys: any of <see cref="Holders"/> (the
/// confirmed members) with a live session somewhere may seal the group's key ring to <see cref="Member"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KeysWanted(
    [property: Id(0)] Guid Group,
    [property: Id(1)] PractitionerId Member,
    [property: Id(2)] IReadOnlyList<PractitionerId> Holders);
