namespace Collab.Contracts.Knowledge;

/// <summary>A search of the knowledge base: words (all of them, French stemming), and facet filters.</summary>
[GenerateSerializer, Immutable]
public sealed record KnowledgeQuery(
    [property: Id(0)] string? Words = null,
    [property: Id(1)] string? Specialty = null,
    [property: Id(2)] string? Chapter = null,
    [property: Id(3)] AgeBand? AgeBand = null,
    [property: Id(4)] CaseSex? Sex = null,
    [property: Id(5)] int? Year = null,
    [property: Id(6)] int Skip = 0,
    [property: Id(7)] int Take = 20)
{
    /// <summary>The most results one page holds.</summary>
    public const int MaxTake = 100;

    /// <summary>The longest words query.</summary>
    public const int MaxWordsLength = 200;
}
