namespace Collab.Contracts.Directory;

/// <summary>What the directory knows of a practitioner or a group (a PostgreSQL read model kept by the grains).</summary>
[GenerateSerializer, Immutable]
public sealed record DirectoryEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DirectoryKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Profession,
    [property: Id(4)] string? Specialty,
    [property: Id(5)] Guid? Structure,
    [property: Id(6)] string? StructureName,
    [property: Id(7)] string? City,
    [property: Id(8)] string? Phone,
    [property: Id(9)] string? Identifier,
    [property: Id(10)] bool Listed,
    [property: Id(11)] string? Status = null);

/// <summary>A structure as the registration form lists it.</summary>
[GenerateSerializer, Immutable]
public sealed record StructureEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Finess,
    [property: Id(3)] string City);

/// <summary>What a directory entry describes.</summary>
public enum DirectoryKind
{
    /// <summary>A practitioner account.</summary>
    Practitioner = 1,
    /// <summary>A group (service, team, network).</summary>
    Group = 2,
}

/// <summary>A directory search: every filter optional, text matched on names (accents and case ignored).</summary>
[GenerateSerializer, Immutable]
public sealed record DirectoryQuery(
    [property: Id(0)] string? Text,
    [property: Id(1)] DirectoryKind? Kind,
    [property: Id(2)] string? Profession,
    [property: Id(3)] string? Specialty,
    [property: Id(4)] Guid? Structure,
    [property: Id(5)] string? City,
    [property: Id(6)] int Page = 1,
    [property: Id(7)] int PageSize = 20);

/// <summary>One page of search results, with the total number of matches.</summary>
[GenerateSerializer, Immutable]
public sealed record DirectoryPage(
    [property: Id(0)] IReadOnlyList<DirectoryEntry> Entries,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total);
