namespace Collab.Silo.Notifications;

/// <summary>One message the platform would have sent.</summary>
public sealed record OutboxMessage(DateTimeOffset SentAt, string Channel, string To, string? Subject, string Body);
