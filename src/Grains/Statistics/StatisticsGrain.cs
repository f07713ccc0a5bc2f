using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Statistics;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Knowledge;
using Orleans.Concurrency;

namespace Collab.Grains.Statistics;

/// <summary>
/// <see cref="IStatisticsGrain"/>: checks who asks, reads the counts, masks the small ones and names practitioners only
/// for their own structure's administrators (a keyed pseudonym otherwise).
/// </summary>
[StatelessWorker]
public sealed class StatisticsGrain(IStatisticsStore store, IKnowledgePseudonyms pseudonyms, IAuditTrail audit, TimeProvider clock) : Grain, IStatisticsGrain
{
    /// <summary>The longest period asked at once.</summary>
    public const int MaxDays = 5 * 366;

    /// <summary>The response-time buckets, in hours from the request to the opinion.</summary>
    public static readonly IReadOnlyList<string> ResponseBuckets = ["lt1d", "1to2d", "2to5d", "5to10d", "gt10d"];

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public async Task<ConsultationStatistics> Read(Guid? structure, DateOnly from, DateOnly to, Caller caller)
    {
        if (structure is { } s)
        {
            await AccessRules.RequireAdministrator(GrainFactory, caller, s, "read a structure's statistics");
        }
        else
        {
            await AccessRules.RequireOperator(GrainFactory, caller, "read the platform's statistics");
        }

        if (to < from || to.DayNumber - from.DayNumber > MaxDays)
        {
            throw DomainException.Invalid([new("to", "must not be before the start, at most 5 years after it")]);
        }

        var raw = await store.ReadAsync(structure, Start(from), Start(to.AddDays(1)));
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "statistics.read", "structure", structure?.ToString() ?? "all");
        // Names for the structure's own administrators, of the structure's own people; a keyed pseudonym for anyone else.
        var named = structure is { } own && caller.PractitionerId is { } me && await GrainFactory.Grain<IStructureGrain>(own).IsAdmin(new(me));
        string Practitioner(RawResponse r) => named && r.Structure == structure && r.Name is { } name
            ? name
            : "P-" + pseudonyms.Of("statistics-practitioner", r.Id)[..8];

        PeriodRow Month(DateOnly month)
        {
            var (_, sent, received) = raw.ByMonth.FirstOrDefault(m => m.Month == month); // no request that month: zeros
            return new PeriodRow(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), StatCount.Of(sent), StatCount.Of(received));
        }

        return new ConsultationStatistics(
            structure, from, to,
            [.. Months(from, to).Select(Month)],
            [.. raw.BySpecialty.Select(r => new StatRow(r.Specialty ?? "", StatCount.Of(r.Count)))],
            [.. raw.ByStatus.Select(r => new StatRow(((ConsultationStatus)r.Status).ToString(), StatCount.Of(r.Count)))],
            [.. raw.ByActCode.Select(r => new StatRow(r.ActCode ?? "", StatCount.Of(r.Count)))],
            [.. raw.ByBilling.Select(r => new StatRow(((BillingStatus)r.Billing).ToString(), StatCount.Of(r.Count)))],
            [.. ResponseBuckets.Select((bucket, i) => new StatRow(bucket, StatCount.Of(raw.ResponseTimes.FirstOrDefault(t => t.Bucket == i).Count)))],
            [.. raw.ByGroup.Select(r => Response(r, r.Name ?? r.Id.ToString()))],
            [.. raw.ByPractitioner.Select(r => Response(r, Practitioner(r)))],
            StatCount.Of(raw.Received),
            StatCount.Of(raw.RemindersSent));
    }

    // Times only over 5 answers or more: fewer would tell how fast one opinion came.
    private static ResponseRow Response(RawResponse r, string label) => r.Answered < StatCount.MinShown
        ? new ResponseRow(r.Id.ToString(), label, StatCount.Of(r.Requests), StatCount.Of(r.Answered), null, null, null)
        : new ResponseRow(r.Id.ToString(), label, StatCount.Of(r.Requests), StatCount.Of(r.Answered), r.MedianHours, r.P90Hours, (double)r.WithinFiveDays / r.Requests);

    // Every month of the period, those with no request too (a time series has no holes).
    private static IEnumerable<DateOnly> Months(DateOnly from, DateOnly to)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    private static DateTimeOffset Start(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }
}
