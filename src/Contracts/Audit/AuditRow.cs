namespace Collab.Contracts.Audit;

/// <summary>One trace, as the viewer shows it: never content.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditRow(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string Category,
    [property: Id(3)] string Actor,
    [property: Id(4)] string? ActingFor,
    [property: Id(5)] string Action,
    [property: Id(6)] string ObjectType,
    [property: Id(7)] string ObjectId,
    [property: Id(8)] string Outcome,
    [property: Id(9)] string? IpAddress,
    [property: Id(10)] string? UserAgent,
    [property: Id(11)] string? Detail);
