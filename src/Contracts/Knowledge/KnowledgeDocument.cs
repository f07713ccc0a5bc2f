namespace Collab.Contracts.Knowledge;

/// <summary>
/// A published case as the knowledge index holds it: anonymised text and pseudonymised metadata only. The ids are
/// keyed hashes (a pepper kept outside the database, a different one per index name): no practitioner, patient or
/// consultation can be found from them, nor linked across indexes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KnowledgeDocument(
    [property: Id(0)] string Id,
    [property: Id(1)] string Question,
    [property: Id(2)] string Answer,
    [property: Id(3)] string Summary,
    [property: Id(4)] string Specialty,
    [property: Id(5)] IReadOnlyList<string> IcdCodes,
    [property: Id(6)] IReadOnlyList<string> IcdChapters,
    [property: Id(7)] AgeBand AgeBand,
    [property: Id(8)] CaseSex Sex,
    [property: Id(9)] int Year,
    [property: Id(10)] string Author,
    [property: Id(11)] string Answerer,
    [property: Id(12)] string Source,
    [property: Id(13)] DateTimeOffset PublishedAt)
{
    /// <summary>The longest question, answer or summary.</summary>
    public const int MaxTextLength = 20_000;
}
