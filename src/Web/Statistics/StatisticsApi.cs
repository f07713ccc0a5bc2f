using Collab.Contracts.Statistics;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Statistics;

/// <summary><c>/api/v1/statistics</c>: a structure's (or the platform's) activity over a period, and each table as CSV.</summary>
public static class StatisticsApi
{
    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/statistics").WithTags("Statistics");
        group.MapGet("/", Read).ProducesValidationProblem();
        group.MapGet("/{table}.csv", Csv).Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
        return group;
    }

    // The grain decides: the structure's admins or the operator; the whole platform, the operator only.
    private static async Task<Ok<ConsultationStatistics>> Read(Guid? structure, DateOnly? from, DateOnly? to, StatisticsService statistics, HttpContext http) =>
        TypedResults.Ok(await statistics.ReadAsync(structure, from, to, HttpCaller.From(http)));

    private static async Task<IResult> Csv(string table, Guid? structure, DateOnly? from, DateOnly? to, StatisticsService statistics, HttpContext http)
    {
        StatisticsService.RequireTable(table);
        var read = await statistics.ReadAsync(structure, from, to, HttpCaller.From(http));
        var csv = StatisticsService.Csv(read, table);
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8",
            $"statistiques-{table}-{read.From:yyyy-MM-dd}-{read.To:yyyy-MM-dd}.csv");
    }
}
