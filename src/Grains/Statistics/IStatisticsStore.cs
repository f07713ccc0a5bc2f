namespace Collab.Grains.Statistics;

/// <summary>The raw counts statistics are made of, straight from the consultation index (unmasked: the grain masks).</summary>
public interface IStatisticsStore
{
    /// <summary>
    /// Requests sent from <paramref name="from"/> (included) to <paramref name="to"/> (excluded) received by
    /// <paramref name="structure"/>'s groups and people (or every request, with no structure), and those its people sent.
    /// </summary>
    Task<RawStatistics> ReadAsync(Guid? structure, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IStatisticsStore"/> counts.</summary>
public sealed record RawStatistics(
    IReadOnlyList<(DateOnly Month, long Sent, long Received)> ByMonth,
    IReadOnlyList<(string? Specialty, long Count)> BySpecialty,
    IReadOnlyList<(short Status, long Count)> ByStatus,
    IReadOnlyList<(string? ActCode, long Count)> ByActCode,
    IReadOnlyList<(short Billing, long Count)> ByBilling,
    IReadOnlyList<(int Bucket, long Count)> ResponseTimes,
    IReadOnlyList<RawResponse> ByGroup,
    IReadOnlyList<RawResponse> ByPractitioner,
    long Received,
    long RemindersSent);

/// <summary>A group's or a required practitioner's answers: <see cref="Structure"/> is the one the directory gives them.</summary>
public sealed record RawResponse(Guid Id, string? Name, Guid? Structure, long Requests, long Answered, double? MedianHours, double? P90Hours, long WithinFiveDays);
