namespace Collab.Contracts.Directory;

/// <summary>A structure as the registration form lists it.</summary>
[GenerateSerializer, Immutable]
public sealed record StructureEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Finess,
    [property: Id(3)] string City);
