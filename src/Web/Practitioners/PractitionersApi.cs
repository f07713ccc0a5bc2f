using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Practitioners;

/// <summary><c>/api/v1/practitioners</c>: read a profile; validate, reject, suspend, reactivate an account.</summary>
public static class PractitionersApi
{
    public static RouteGroupBuilder MapPractitionersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/practitioners").WithTags("Practitioners");
        group.MapGet("/{id:guid}", Get).WithName("GetPractitioner");
        group.MapPost("/{id:guid}/validate", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Validate(c)));
        group.MapPost("/{id:guid}/reject", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Reject(c)));
        group.MapPost("/{id:guid}/suspend", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Suspend(c)));
        group.MapPost("/{id:guid}/reactivate", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Reactivate(c)));
        return group;
    }

    private static async Task<Results<Ok<PractitionerResponse>, NotFound>> Get(Guid id, IClusterClient cluster, HttpContext http)
    {
        var profile = await cluster.GetGrain<IPractitionerGrain>(id).GetProfile(HttpCaller.From(http));
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(PractitionerResponse.From(profile));
    }

    // The grain decides: operator, or an administrator of the account's own structure (403 otherwise).
    private static async Task<Ok<PractitionerResponse>> Change(Guid id, IClusterClient cluster, HttpContext http, Func<IPractitionerGrain, Contracts.Access.Caller, Task> change)
    {
        var grain = cluster.GetGrain<IPractitionerGrain>(id);
        var caller = HttpCaller.From(http);
        await change(grain, caller);
        return TypedResults.Ok(PractitionerResponse.From((await grain.GetProfile(caller))!));
    }
}

/// <summary>An RPPS (11 digits) or ADELI (9 digits) number.</summary>
public sealed record IdentifierDto(string? Kind, string? Number);

public sealed record PractitionerResponse(
    Guid Id,
    string LastName,
    string FirstName,
    Profession Profession,
    IdentifierDto Identifier,
    string Email,
    string? Phone,
    string? Specialty,
    Guid? Structure,
    AccountStatus Status,
    DateTimeOffset RegisteredAt)
{
    internal static PractitionerResponse From(PractitionerProfile p) => new(
        p.Id.Value, p.LastName, p.FirstName, p.Profession, new IdentifierDto(p.Identifier.Kind.ToString(), p.Identifier.Number),
        p.Email, p.Phone, p.Specialty, p.Structure, p.Status, p.RegisteredAt);
}
