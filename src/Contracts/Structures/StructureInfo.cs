namespace Collab.Contracts.Structures;

/// <summary>What identifies a structure. FINESS: 9 characters (digits, or 2A/2B for Corsica).</summary>
[GenerateSerializer, Immutable]
public sealed record StructureInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Finess,
    [property: Id(2)] string City);
