namespace Collab.Contracts.Statistics;

/// <summary>
/// A count as statistics show it: null (masked) when from 1 to 4, so that no patient or practitioner can be singled
/// out from a small number; 0 and 5 or more as they are.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StatCount([property: Id(0)] long? Value)
{
    /// <summary>The smallest count shown on its own.</summary>
    public const int MinShown = 5;

    /// <summary>Whether the count was masked.</summary>
    public bool Masked => Value is null;

    /// <summary>The count of <paramref name="n"/> things, masked when it could single someone out.</summary>
    public static StatCount Of(long n) => new(n is > 0 and < MinShown ? null : n);
}

/// <summary>Requests sent by the structure's people and received by its groups and people in one month (yyyy-MM).</summary>
[GenerateSerializer, Immutable]
public sealed record PeriodRow(
    [property: Id(0)] string Month,
    [property: Id(1)] StatCount Sent,
    [property: Id(2)] StatCount Received);

/// <summary>One line of a breakdown: its key (a status, an act code, a specialty…; empty when not given) and the count. Pages put it in words.</summary>
[GenerateSerializer, Immutable]
public sealed record StatRow(
    [property: Id(0)] string Key,
    [property: Id(1)] StatCount Count);

/// <summary>
/// How fast a group or a required practitioner answers: requests received, answered, median and 90th percentile of the
/// hours from request to opinion, and the share answered within 5 days. The times are null when fewer than 5 were
/// answered; <see cref="Label"/> is a name only for the structure's own administrators, a pseudonym otherwise.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ResponseRow(
    [property: Id(0)] string Key,
    [property: Id(1)] string Label,
    [property: Id(2)] StatCount Requests,
    [property: Id(3)] StatCount Answered,
    [property: Id(4)] double? MedianHours,
    [property: Id(5)] double? P90Hours,
    [property: Id(6)] double? WithinFiveDaysShare);

/// <summary>
/// The tele-expertise activity of a structure (or of the whole platform, for the operator) over a period, built on
/// the consultation index only (parties' ids, status, dates, act code, billing): no health data, no patient.
/// "Received" counts requests to the structure's groups and people, "sent" requests from its people.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationStatistics(
    [property: Id(0)] Guid? Structure,
    [property: Id(1)] DateOnly From,
    [property: Id(2)] DateOnly To,
    [property: Id(3)] IReadOnlyList<PeriodRow> ByMonth,
    [property: Id(4)] IReadOnlyList<StatRow> BySpecialty,
    [property: Id(5)] IReadOnlyList<StatRow> ByStatus,
    [property: Id(6)] IReadOnlyList<StatRow> ByActCode,
    [property: Id(7)] IReadOnlyList<StatRow> ByBilling,
    [property: Id(8)] IReadOnlyList<StatRow> ResponseTimes,
    [property: Id(9)] IReadOnlyList<ResponseRow> ByGroup,
    [property: Id(10)] IReadOnlyList<ResponseRow> ByPractitioner,
    [property: Id(11)] StatCount Received,
    [property: Id(12)] StatCount RemindersSent);
