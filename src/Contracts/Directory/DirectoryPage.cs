namespace Collab.Contracts.Directory;

/// <summary>One page of search results, with the total number of matches.</summary>
[GenerateSerializer, Immutable]
public sealed record DirectoryPage(
    [property: Id(0)] IReadOnlyList<DirectoryEntry> Entries,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total);
