namespace Collab.Contracts.Knowledge;

/// <summary>A page of results, how many match in all, and the facet counts over every match.</summary>
[GenerateSerializer, Immutable]
public sealed record KnowledgeResults(
    [property: Id(0)] long Total,
    [property: Id(1)] IReadOnlyList<KnowledgeHit> Hits,
    [property: Id(2)] IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets)
{
    /// <summary>The specialty facet.</summary>
    public const string SpecialtyFacet = "specialty";

    /// <summary>The ICD-10 chapter facet (Roman numerals).</summary>
    public const string ChapterFacet = "chapter";

    /// <summary>The age band facet.</summary>
    public const string AgeBandFacet = "ageBand";

    /// <summary>The sex facet.</summary>
    public const string SexFacet = "sex";

    /// <summary>The year facet (the year the case was asked).</summary>
    public const string YearFacet = "year";

    /// <summary>Every facet, in the order the search page shows them.</summary>
    public static readonly IReadOnlyList<string> FacetNames = [SpecialtyFacet, ChapterFacet, AgeBandFacet, SexFacet, YearFacet];
}

/// <summary>
/// A result: the document and, when words were searched, an extract with the matches between
/// <see cref="MarkStart"/> and <see cref="MarkEnd"/> (control characters the page turns into highlights after escaping).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KnowledgeHit([property: Id(0)] KnowledgeDocument Document, [property: Id(1)] string? Extract)
{
    /// <summary>Where a match starts in <see cref="Extract"/>.</summary>
    public const char MarkStart = '\u0002';

    /// <summary>Where a match ends in <see cref="Extract"/>.</summary>
    public const char MarkEnd = '\u0003';
}

/// <summary>How many matches have this value.</summary>
[GenerateSerializer, Immutable]
public sealed record FacetCount([property: Id(0)] string Value, [property: Id(1)] long Count);
