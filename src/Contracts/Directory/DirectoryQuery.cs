namespace Collab.Contracts.Directory;

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
