namespace Collab.Contracts.Compliance;

/// <summary>Who is affected: practitioners by id or account email, and every account of whole structures.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachAudience(
    [property: Id(0)] IReadOnlyList<Guid>? Practitioners = null,
    [property: Id(1)] IReadOnlyList<Guid>? Structures = null,
    [property: Id(2)] IReadOnlyList<string>? Emails = null);
