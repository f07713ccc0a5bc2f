using System.Globalization;
using System.Text;
using Collab.Contracts.Audit;
using Collab.Web.Access;

namespace Collab.Web.Audit;

/// <summary>
/// <c>/api/v1/audit</c>: the audit viewer for operators and structure administrators — filtered
/// traces, "who read this consultation", CSV export. The grain decides access and traces the viewing.
/// </summary>
public static class AuditApi
{
    /// <summary>The most rows one CSV export holds.</summary>
    public const int MaxExportRows = 100_000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", List);
        group.MapGet("/export.csv", Export);
        group.MapGet("/consultations/{id:guid}/readers", Readers);
        group.MapGet("/flags", (Guid? structure, AuditService audit, HttpContext http) => audit.FlagsAsync(structure, HttpCaller.From(http)));
        return group;
    }

    private static async Task<IReadOnlyList<AuditRow>> List([AsParameters] AuditFilter filter, AuditService audit, HttpContext http) =>
        await audit.QueryAsync(filter.ToQuery(), HttpCaller.From(http));

    private static async Task<IResult> Export([AsParameters] AuditFilter filter, AuditService audit, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var query = filter.ToQuery() with { Limit = AuditQuery.MaxLimit };
        var first = await audit.QueryAsync(query, caller); // access is checked before anything is written
        http.Response.ContentType = "text/csv; charset=utf-8";
        Downloads.Attachment(http.Response, $"audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync("occurred_at_utc,category,actor,acting_for,action,object_type,object_id,outcome,ip_address,user_agent,detail");
        var page = first;
        var written = 0;
        while (page.Count > 0 && written < MaxExportRows)
        {
            foreach (var row in page)
            {
                await writer.WriteLineAsync(string.Join(',',
                    Csv(row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)), Csv(row.Category), Csv(row.Actor), Csv(row.ActingFor),
                    Csv(row.Action), Csv(row.ObjectType), Csv(row.ObjectId), Csv(row.Outcome), Csv(row.IpAddress), Csv(row.UserAgent), Csv(row.Detail)));
            }

            written += page.Count;
            if (page.Count < query.Limit)
            {
                break;
            }

            query = query with { BeforeTime = page[^1].OccurredAt, BeforeId = page[^1].EventId };
            page = await audit.QueryAsync(query, caller);
        }

        return Results.Empty;
    }

    private static Task<IReadOnlyList<ReaderSummary>> Readers(Guid id, Guid? structure, AuditService audit, HttpContext http) =>
        audit.ReadersAsync(id, structure, HttpCaller.From(http));

    // RFC 4180 quoting; a leading =, +, - or @ is neutralised so a spreadsheet never runs a cell as a formula.
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
