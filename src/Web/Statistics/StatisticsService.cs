using System.Globalization;
using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Statistics;

namespace Collab.Web.Statistics;

/// <summary>
/// Statistics for structure administrators and the operator: the period asked (by default the last 12 months), and each
/// table as CSV. One service for <c>/api/v1/statistics</c> and the page.
/// </summary>
public sealed class StatisticsService(IClusterClient cluster, TimeProvider clock)
{
    /// <summary>The tables a CSV export names.</summary>
    public static readonly IReadOnlyList<string> Tables = ["months", "specialties", "statuses", "acts", "billing", "response-times", "groups", "practitioners"];

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The statistics of <paramref name="structure"/> (null: the platform) from <paramref name="from"/> to <paramref name="to"/>, or the last 12 months.</summary>
    public Task<ConsultationStatistics> ReadAsync(Guid? structure, DateOnly? from, DateOnly? to, Caller caller)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Paris).DateTime);
        var end = to ?? today;
        var start = from ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
        return cluster.Grain<IStatisticsGrain>(0).Read(structure, start, end, caller);
    }

    /// <summary>One table as CSV (semicolons, as French spreadsheets expect; a masked count reads "<5").</summary>
    public static string Csv(ConsultationStatistics statistics, string table)
    {
        var csv = new StringBuilder();
        void Line(params object?[] cells) => csv.AppendLine(string.Join(';', cells.Select(Cell)));
        switch (table)
        {
            case "months":
                Line("month", "sent", "received");
                statistics.ByMonth.ToList().ForEach(m => Line(m.Month, m.Sent, m.Received));
                break;
            case "specialties" or "statuses" or "acts" or "billing" or "response-times":
                Line(table, "count");
                Rows(statistics, table).ToList().ForEach(r => Line(r.Key, r.Count));
                break;
            case "groups" or "practitioners":
                Line(table == "groups" ? "group" : "practitioner", "requests", "answered", "median_hours", "p90_hours", "answered_within_5_days");
                (table == "groups" ? statistics.ByGroup : statistics.ByPractitioner).ToList()
                    .ForEach(r => Line(r.Label, r.Requests, r.Answered, r.MedianHours, r.P90Hours, r.WithinFiveDaysShare));
                break;
            default:
                RequireTable(table);
                break;
        }

        return csv.ToString();
    }

    /// <summary>InvalidInput unless <paramref name="table"/> names one of <see cref="Tables"/>.</summary>
    public static void RequireTable(string table)
    {
        if (!Tables.Contains(table))
        {
            throw DomainException.Invalid([new("table", "is one of months, specialties, statuses, acts, billing, response-times, groups, practitioners")]);
        }
    }

    /// <summary>The rows of one breakdown.</summary>
    public static IReadOnlyList<StatRow> Rows(ConsultationStatistics statistics, string table) => table switch
    {
        "specialties" => statistics.BySpecialty,
        "statuses" => statistics.ByStatus,
        "acts" => statistics.ByActCode,
        "billing" => statistics.ByBilling,
        _ => statistics.ResponseTimes,
    };

    private static string Cell(object? value) => value switch
    {
        null => "",
        StatCount { Masked: true } => "<5",
        StatCount count => count.Value!.Value.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        string s when s.IndexOfAny([';', '"', '\n']) >= 0 || s.StartsWith('=') || s.StartsWith('+') || s.StartsWith('-') || s.StartsWith('@')
            => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
