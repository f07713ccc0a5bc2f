using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Practitioners;

/// <summary>
/// <c>/api/v1/practitioners</c>: read a profile and a pending account's identity document; validate, reject, suspend,
/// reactivate an account; warn of and apply a restriction after unusual access.
/// </summary>
public static class PractitionersApi
{
    public static RouteGroupBuilder MapPractitionersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/practitioners").WithTags("Practitioners");
        group.MapGet("/{id:guid}", Get).WithName("GetPractitioner");
        group.MapPost("/{id:guid}/validate", (Guid id, PractitionerService practitioners, HttpContext http) => Decide(id, AccountDecision.Validate, practitioners, http));
        group.MapPost("/{id:guid}/reject", (Guid id, DecisionRequest? request, PractitionerService practitioners, HttpContext http) => Decide(id, AccountDecision.Reject, practitioners, http, request?.Reason))
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/suspend", (Guid id, DecisionRequest? request, PractitionerService practitioners, HttpContext http) => Decide(id, AccountDecision.Suspend, practitioners, http, request?.Reason))
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/reactivate", (Guid id, PractitionerService practitioners, HttpContext http) => Decide(id, AccountDecision.Reactivate, practitioners, http));
        group.MapPost("/{id:guid}/restriction-warning", async (Guid id, RestrictionWarning warning, PractitionerService practitioners, HttpContext http) =>
            TypedResults.Ok(PractitionerResponse.From(await practitioners.WarnOfRestrictionAsync(id, warning.Reason, HttpCaller.From(http))))).ProducesValidationProblem();
        group.MapPost("/{id:guid}/restrict", (Guid id, PractitionerService practitioners, HttpContext http) => Decide(id, AccountDecision.Restrict, practitioners, http));
        group.MapPost("/{id:guid}/escrow-reset", EscrowReset).ProducesValidationProblem();
        group.MapGet("/{id:guid}/identity-document", (Guid id, IdentityDocuments documents, HttpContext http) => documents.ServeAsync(id, http))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    // What the directory shows a colleague; the account's facts only for its holder, its structure's admins and the operator.
    private static async Task<Results<Ok<PractitionerResponse>, NotFound>> Get(Guid id, PractitionerService practitioners, HttpContext http) =>
        await practitioners.CardAsync(id, HttpCaller.From(http)) is { } card ? TypedResults.Ok(PractitionerResponse.From(card)) : TypedResults.NotFound();

    private static async Task<NoContent> EscrowReset(Guid id, EscrowResetRequest request, PractitionerService practitioners, HttpContext http)
    {
        await practitioners.ResetPasswordAsync(id, request.TemporaryPassword, http);
        return TypedResults.NoContent();
    }

    // The grain decides: operator, or an administrator of the account's own structure (403 otherwise).
    private static async Task<Ok<PractitionerResponse>> Decide(Guid id, AccountDecision decision, PractitionerService practitioners, HttpContext http, string? reason = null) =>
        TypedResults.Ok(PractitionerResponse.From(await practitioners.DecideAsync(id, decision, HttpCaller.From(http), reason)));
}
