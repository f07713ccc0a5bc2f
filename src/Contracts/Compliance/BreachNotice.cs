namespace Collab.Contracts.Compliance;

/// <summary>One affected user and when they were told.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachNotice(
    [property: Id(0)] Guid Practitioner,
    [property: Id(1)] string Email,
    [property: Id(2)] DateTimeOffset At);
