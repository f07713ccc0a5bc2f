using Collab.Contracts.Compliance;
using Collab.Web.Access;

namespace Collab.Web.Compliance;

/// <summary>
/// <c>/api/v1/breaches</c>: the operator's register of personal data breaches — record an incident,
/// notify the affected users (within 48 hours of detection), list. The grain checks the operator role.
/// </summary>
public static class BreachApi
{
    public static RouteGroupBuilder MapBreachApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/breaches").WithTags("Compliance");
        group.MapGet("/", (BreachService breaches, HttpContext http) => breaches.ListAsync(HttpCaller.From(http)));
        group.MapPost("/", Record).ProducesValidationProblem();
        group.MapPost("/{id:guid}/notify", (Guid id, BreachAudience affected, BreachService breaches, HttpContext http) =>
            breaches.NotifyAsync(id, affected, HttpCaller.From(http))).ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> Record(BreachReport report, BreachService breaches, HttpContext http)
    {
        var breach = await breaches.RecordAsync(report, HttpCaller.From(http));
        return Results.Created($"/api/v1/breaches/{breach.Id}", breach);
    }
}
