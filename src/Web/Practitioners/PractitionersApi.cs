using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Practitioners;

/// <summary><c>/api/v1/practitioners</c>: register a practitioner and read a profile.</summary>
public static class PractitionersApi
{
    public static RouteGroupBuilder MapPractitionersApiV1(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/practitioners").WithTags("Practitioners");
        group.MapPost("/", Register)
            .WithName("RegisterPractitioner")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}", Get)
            .WithName("GetPractitioner");
        return group;
    }

    private static async Task<Created<PractitionerResponse>> Register(RegisterPractitionerRequest request, IClusterClient cluster, HttpContext http)
    {
        var id = PractitionerId.New();
        var profile = await cluster.GetGrain<IPractitionerGrain>(id.Value).Register(request.ToRegistration(), HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/practitioners/{id}", PractitionerResponse.From(profile));
    }

    private static async Task<Results<Ok<PractitionerResponse>, NotFound>> Get(Guid id, IClusterClient cluster, HttpContext http)
    {
        var profile = await cluster.GetGrain<IPractitionerGrain>(id).GetProfile(HttpCaller.From(http));
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(PractitionerResponse.From(profile));
    }
}

/// <summary>An RPPS (11 digits) or ADELI (9 digits) number.</summary>
public sealed record IdentifierDto(string? Kind, string? Number);

/// <summary>
/// The registration body. Enumerations arrive as names; an unknown name reaches the grain as an
/// undefined value so that every broken rule is reported together, by the grain that owns them.
/// </summary>
public sealed record RegisterPractitionerRequest(
    string? LastName,
    string? FirstName,
    string? Profession,
    IdentifierDto? Identifier,
    string? Email)
{
    internal PractitionerRegistration ToRegistration() => new(
        LastName ?? "",
        FirstName ?? "",
        ParseName<Profession>(Profession),
        Identifier is null ? null! : new ProfessionalIdentifier(ParseName<IdentifierKind>(Identifier.Kind), Identifier.Number ?? ""),
        Email ?? "");

    private static T ParseName<T>(string? name)
        where T : struct, Enum =>
        name is not null && !name.Any(char.IsDigit) && Enum.TryParse<T>(name, ignoreCase: true, out var value) ? value : default;
}

public sealed record PractitionerResponse(
    Guid Id,
    string LastName,
    string FirstName,
    Profession Profession,
    IdentifierDto Identifier,
    string Email,
    DateTimeOffset RegisteredAt)
{
    internal static PractitionerResponse From(PractitionerProfile p) => new(
        p.Id.Value, p.LastName, p.FirstName, p.Profession,
        new IdentifierDto(p.Identifier.Kind.ToString(), p.Identifier.Number), p.Email, p.RegisteredAt);
}
