using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Structures;

/// <summary><c>/api/v1/structures</c>: the operator creates structures; their administrators manage them.</summary>
public static class StructuresApi
{
    public static RouteGroupBuilder MapStructuresApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/structures").WithTags("Structures");
        group.MapPost("/", Create).ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/admins", AddAdmin);
        return group;
    }

    private static async Task<Created<StructureView>> Create(CreateStructureRequest request, IClusterClient cluster, HttpContext http)
    {
        var id = Guid.NewGuid();
        var grain = cluster.GetGrain<IStructureGrain>(id);
        await grain.Create(new StructureInfo(request.Name ?? "", request.Finess ?? "", request.City ?? ""), new PractitionerId(request.FirstAdmin), HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/structures/{id}", (await grain.Get())!);
    }

    private static async Task<Results<Ok<StructureView>, NotFound>> Get(Guid id, IClusterClient cluster) =>
        await cluster.GetGrain<IStructureGrain>(id).Get() is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<NoContent> AddAdmin(Guid id, AddAdminRequest request, IClusterClient cluster, HttpContext http)
    {
        await cluster.GetGrain<IStructureGrain>(id).AddAdmin(new PractitionerId(request.Practitioner), HttpCaller.From(http));
        return TypedResults.NoContent();
    }
}

public sealed record CreateStructureRequest(string? Name, string? Finess, string? City, Guid FirstAdmin);

public sealed record AddAdminRequest(Guid Practitioner);
