using Collab.Contracts.Structures;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Structures;

/// <summary>
/// <c>/api/v1/structures</c>: the operator creates structures; their administrators manage them; at the end
/// of a contract, the export (restitution), then the destruction with a signed certificate.
/// </summary>
public static class StructuresApi
{
    public static RouteGroupBuilder MapStructuresApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/structures").WithTags("Structures");
        group.MapPost("/", Create).ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/admins", AddAdmin);
        group.MapDelete("/{id:guid}/admins/{admin:guid}", RemoveAdmin).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:guid}/retention", SetRetention).ProducesValidationProblem();
        group.MapPut("/{id:guid}/discussion-keep", SetDiscussionKeep);
        group.MapGet("/{id:guid}/export", Export);
        group.MapPost("/{id:guid}/end-of-contract", EndContract).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Created<StructureCard>> Create(CreateStructureRequest request, StructureService structures, HttpContext http)
    {
        var card = await structures.CreateAsync(new StructureInfo(request.Name ?? "", request.Finess ?? "", request.City ?? ""), request.FirstAdmin, HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/structures/{card.Id}", card);
    }

    private static async Task<Results<Ok<StructureCard>, NotFound>> Get(Guid id, StructureService structures, HttpContext http) =>
        await structures.DescribeAsync(id, HttpCaller.From(http)) is { } card ? TypedResults.Ok(card) : TypedResults.NotFound();

    private static async Task<NoContent> SetRetention(Guid id, Contracts.Retention.RetentionPolicy policy, StructureService structures, HttpContext http)
    {
        await structures.SetRetentionAsync(id, policy, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetDiscussionKeep(Guid id, DiscussionKeepRequest request, StructureService structures, HttpContext http)
    {
        await structures.SetDiscussionKeepAsync(id, request.Allowed, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Export(Guid id, StructureService structures, HttpContext http, TimeProvider clock)
    {
        var export = await structures.ExportAsync(id, HttpCaller.From(http));
        Downloads.Attachment(http.Response, $"structure-{export.Info.Finess}-{clock.GetUtcNow():yyyyMMdd-HHmm}.json");
        return Results.Ok(export);
    }

    private static Task<ContractEnd> EndContract(Guid id, EndContractRequest request, StructureService structures, HttpContext http) =>
        structures.EndContractAsync(id, request.Finess, HttpCaller.From(http));

    // An administrator leaves the structure's administration (never the last one), with their copy of the recovery key.
    private static async Task<NoContent> RemoveAdmin(Guid id, Guid admin, StructureService structures, HttpContext http)
    {
        await structures.RemoveAdminAsync(id, admin, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> AddAdmin(Guid id, AddAdminRequest request, StructureService structures, HttpContext http)
    {
        await structures.AddAdminAsync(id, request.Practitioner, http);
        return TypedResults.NoContent();
    }
}
