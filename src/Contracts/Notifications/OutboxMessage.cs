namespace Collab.Contracts.Notifications;

/// <summary>An email or SMS kept by the development outbox (Development only: no provider configured).</summary>
[GenerateSerializer, Immutable]
public sealed record OutboxMessage(
    [property: Id(0)] DateTimeOffset SentAt,
    [property: Id(1)] string Channel,
    [property: Id(2)] string To,
    [property: Id(3)] string? Subject,
    [property: Id(4)] string Body);
