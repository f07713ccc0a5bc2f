using Collab.Contracts.Practitioners;
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
        group.MapPut("/{id:guid}/retention", SetRetention).ProducesValidationProblem();
        group.MapGet("/{id:guid}/export", Export);
        group.MapPost("/{id:guid}/end-of-contract", EndContract).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Created<StructureCard>> Create(CreateStructureRequest request, IClusterClient cluster, HttpContext http)
    {
        var id = Guid.NewGuid();
        var grain = cluster.GetGrain<IStructureGrain>(id);
        var caller = HttpCaller.From(http);
        await grain.Create(new StructureInfo(request.Name ?? "", request.Finess ?? "", request.City ?? ""), new PractitionerId(request.FirstAdmin), caller);
        return TypedResults.Created($"/api/v1/structures/{id}", (await grain.Describe(caller))!);
    }

    private static async Task<Results<Ok<StructureCard>, NotFound>> Get(Guid id, IClusterClient cluster, HttpContext http) =>
        await cluster.GetGrain<IStructureGrain>(id).Describe(HttpCaller.From(http)) is { } card ? TypedResults.Ok(card) : TypedResults.NotFound();

    private static async Task<NoContent> SetRetention(Guid id, Contracts.Retention.RetentionPolicy policy, IClusterClient cluster, HttpContext http)
    {
        await cluster.GetGrain<IStructureGrain>(id).SetRetention(policy, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Export(Guid id, IClusterClient cluster, HttpContext http, TimeProvider clock)
    {
        var export = await cluster.GetGrain<IStructureGrain>(id).Export(HttpCaller.From(http));
        Downloads.Attachment(http.Response, $"structure-{export.Info.Finess}-{clock.GetUtcNow():yyyyMMdd-HHmm}.json");
        return Results.Ok(export);
    }

    private static Task<ContractEnd> EndContract(Guid id, EndContractRequest request, IClusterClient cluster, HttpContext http) =>
        cluster.GetGrain<IStructureGrain>(id).EndContract(request.Finess ?? "", HttpCaller.From(http));

    private static async Task<NoContent> AddAdmin(Guid id, AddAdminRequest request, IClusterClient cluster, HttpContext http)
    {
        // Share the recovery key when the caller holds it, so the new admin can reset passwords too.
        var caller = HttpCaller.From(http);
        var structure = cluster.GetGrain<IStructureGrain>(id);
        byte[]? shared = null;
        if (await structure.GetRecoveryKey(new PractitionerId(caller.PractitionerId!.Value), caller) is { } mine && (await structure.Get())?.RecoveryPublicKey is { } recoveryPublic)
        {
            var newAdminKey = await cluster.GetGrain<IPractitionerGrain>(request.Practitioner).GetPublicKey();
            using var adminKeys = Account.SessionKeys.Unlock(http);
            using var recovery = Crypto.UserKeyPair.FromPrivateKey(Crypto.KeySealing.Open(mine, adminKeys), recoveryPublic);
            shared = Crypto.KeySealing.Seal(recovery.PrivateKey, newAdminKey);
        }

        await structure.AddAdmin(new PractitionerId(request.Practitioner), shared, caller);
        return TypedResults.NoContent();
    }
}
