namespace Collab.Contracts.Compliance;

/// <summary>A recorded incident and where its notification stands.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] BreachReport Report,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] string RecordedBy,
    [property: Id(4)] DateTimeOffset NotificationDeadline,
    [property: Id(5)] IReadOnlyList<BreachNotice> Notified)
{
    /// <summary>The breach register's deadline for telling affected users: 48 hours after detection.</summary>
    public static readonly TimeSpan NotificationDelay = TimeSpan.FromHours(48);

    /// <summary>Whether a user was notified after the deadline.</summary>
    public bool AnyLate => Notified.Any(n => n.At > NotificationDeadline);
}
