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
        group.MapGet("/", List);
        group.MapPost("/", Record).ProducesValidationProblem();
        group.MapPost("/{id:guid}/notify", Notify).ProducesValidationProblem();
        return group;
    }

    private static IBreachRegisterGrain Register(IGrainFactory grains) => grains.GetGrain<IBreachRegisterGrain>(0);

    private static Task<IReadOnlyList<BreachView>> List(IGrainFactory grains, HttpContext http) =>
        Register(grains).List(HttpCaller.From(http));

    private static async Task<IResult> Record(BreachReport report, IGrainFactory grains, HttpContext http)
    {
        var breach = await Register(grains).Record(report, HttpCaller.From(http));
        return Results.Created($"/api/v1/breaches/{breach.Id}", breach);
    }

    private static Task<BreachView> Notify(Guid id, BreachAudience affected, IGrainFactory grains, HttpContext http) =>
        Register(grains).Notify(id, affected, HttpCaller.From(http));
}
