using System.Globalization;
using System.Text;
using Collab.Contracts.Audit;
using Collab.Contracts.Practitioners;
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
        group.MapGet("/flags", (Guid? structure, IGrainFactory grains, HttpContext http) => Viewer(grains).Flags(structure, HttpCaller.From(http)));
        return group;
    }

    private static async Task<IReadOnlyList<AuditRow>> List([AsParameters] AuditFilter filter, IGrainFactory grains, HttpContext http) =>
        await Viewer(grains).Query(filter.ToQuery(), HttpCaller.From(http));

    private static async Task<IResult> Export([AsParameters] AuditFilter filter, IGrainFactory grains, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var query = filter.ToQuery() with { Limit = AuditQuery.MaxLimit };
        var first = await Viewer(grains).Query(query, caller); // access is checked before anything is written
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
            page = await Viewer(grains).Query(query, caller);
        }

        return Results.Empty;
    }

    private static Task<IReadOnlyList<ReaderSummary>> Readers(Guid id, Guid? structure, IGrainFactory grains, HttpContext http) =>
        ReadersAsync(grains, HttpCaller.From(http), id, structure);

    /// <summary>Who opened, read or downloaded a consultation, and who was refused: one line per person (the API and the page).</summary>
    public static async Task<IReadOnlyList<ReaderSummary>> ReadersAsync(IGrainFactory grains, Contracts.Access.Caller caller, Guid id, Guid? structure)
    {
        var rows = await Viewer(grains).Query(
            new AuditQuery(Structure: structure, ObjectType: "consultation", ObjectId: id.ToString(), Category: "Access", Limit: AuditQuery.MaxLimit), caller);
        var people = rows.GroupBy(r => (r.Actor, Refused: r.Outcome != "Succeeded")).ToList();
        var ids = people.Select(p => p.Key.Actor.StartsWith(Contracts.Access.Caller.PractitionerPrefix, StringComparison.Ordinal)
            && Guid.TryParse(p.Key.Actor.AsSpan(Contracts.Access.Caller.PractitionerPrefix.Length), out var g) ? new PractitionerId(g) : (PractitionerId?)null);
        var names = await Consultations.ConsultationEndpoints.NamesAsync(grains, caller, ids);
        return people
            .Select(p => new ReaderSummary(
                p.Key.Actor, NameOf(p.Key.Actor, names), p.Key.Refused, p.Count(), p.Min(r => r.OccurredAt), p.Max(r => r.OccurredAt),
                p.Select(r => r.Action).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(r => r.Refused).ThenBy(r => r.First)
            .ToList();
    }

    private static string NameOf(string actor, Dictionary<PractitionerId, string> names) =>
        names.FirstOrDefault(n => actor.EndsWith(n.Key.Value.ToString("D"), StringComparison.Ordinal)).Value ?? actor;

    private static IAuditViewerGrain Viewer(IGrainFactory grains) => grains.GetGrain<IAuditViewerGrain>(0);

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
