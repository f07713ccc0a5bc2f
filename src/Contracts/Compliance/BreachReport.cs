namespace Collab.Contracts.Compliance;

/// <summary>What the operator says of an incident: what happened, when, which data, why, and what was done.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachReport(
    [property: Id(0)] string What,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] DateTimeOffset DetectedAt,
    [property: Id(3)] string Data,
    [property: Id(4)] string Cause,
    [property: Id(5)] string? Measures = null);
