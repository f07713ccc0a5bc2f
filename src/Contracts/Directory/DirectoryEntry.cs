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
    [property: Id(11)] string? Status = null,
    [property: Id(12)] string? MailAddress = null);
