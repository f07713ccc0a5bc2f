using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Consultations;

/// <summary>
/// <c>/api/v1/consultations</c>: create a request (encrypted here, with the caller's session keys),
/// act on its status, list an inbox. The live discussion is on <c>/hubs/collab</c>.
/// </summary>
public static class ConsultationsApi
{
    public static RouteGroupBuilder MapConsultationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/consultations").WithTags("Consultations");
        group.MapPost("/", Create).ProducesValidationProblem();
        group.MapPost("/{id:guid}/{action}", Act).ProducesValidationProblem();
        group.MapPost("/{id:guid}/billed", MarkBilled);
        group.MapPut("/{id:guid}/retention", SetRetention).ProducesValidationProblem();
        group.MapGet("/", Inbox);
        return group;
    }

    private static async Task<Created<CreatedConsultation>> Create(CreateConsultationRequest request, HttpContext http, ConsultationClients clients)
    {
        var input = request.ToInput();
        var client = clients.For(http);
        var id = await client.CreateDraftAsync(input);
        if (request.Send)
        {
            await client.ActAsync(id, ConsultationAction.Send);
        }

        return TypedResults.Created($"/consultations/{id}", new CreatedConsultation(id));
    }

    private static async Task<NoContent> Act(Guid id, string action, ActRequest? request, HttpContext http, ConsultationClients clients)
    {
        if (!Enum.TryParse<ConsultationAction>(action, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            throw DomainException.Invalid([new("action", "is one of send, accept, answer, close, decline, cancel")]);
        }

        await clients.For(http).ActAsync(id, parsed, request?.Reason, request?.Opinion, request?.ActCode);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetRetention(Guid id, Contracts.Retention.RetentionPolicy policy, HttpContext http, ConsultationClients clients)
    {
        await clients.For(http).SetRetentionAsync(id, policy);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> MarkBilled(Guid id, HttpContext http, ConsultationClients clients)
    {
        await clients.For(http).MarkBilledAsync(id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<InboxEntry>>> Inbox(InboxBox? box, ConsultationStatus? status, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.For(http).InboxAsync(box ?? InboxBox.Sent, status));
}
