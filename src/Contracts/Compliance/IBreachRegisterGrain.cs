using Collab.Contracts.Access;

namespace Collab.Contracts.Compliance;

/// <summary>
/// The platform's register of personal data breaches (one grain, key 0): the operator records an
/// incident, selects the affected users and notifies them by email. Affected users must be told
/// within <see cref="BreachView.NotificationDeadline"/> (48 hours after detection); every step is
/// traced with the deadline. Operator only.
/// </summary>
public interface IBreachRegisterGrain : IGrainWithIntegerKey
{
    /// <summary>Records an incident. InvalidInput names each missing or too long field.</summary>
    Task<BreachView> Record(BreachReport report, Caller caller);

    /// <summary>
    /// Emails each affected practitioner not yet notified of <paramref name="breach"/> (the incident's
    /// facts, never health data) and records when. Practitioners already notified are skipped; an
    /// unknown practitioner or structure is an InvalidInput error and nobody is notified.
    /// </summary>
    Task<BreachView> Notify(Guid breach, BreachAudience affected, Caller caller);

    /// <summary>Every recorded incident, newest first.</summary>
    Task<IReadOnlyList<BreachView>> List(Caller caller);
}

/// <summary>What the operator says of an incident: what happened, when, which data, why, and what was done.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachReport(
    [property: Id(0)] string What,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] DateTimeOffset DetectedAt,
    [property: Id(3)] string Data,
    [property: Id(4)] string Cause,
    [property: Id(5)] string? Measures = null);

/// <summary>Who is affected: practitioners by id or account email, and every account of whole structures.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachAudience(
    [property: Id(0)] IReadOnlyList<Guid>? Practitioners = null,
    [property: Id(1)] IReadOnlyList<Guid>? Structures = null,
    [property: Id(2)] IReadOnlyList<string>? Emails = null);

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

/// <summary>One affected user and when they were told.</summary>
[GenerateSerializer, Immutable]
public sealed record BreachNotice(
    [property: Id(0)] Guid Practitioner,
    [property: Id(1)] string Email,
    [property: Id(2)] DateTimeOffset At);
