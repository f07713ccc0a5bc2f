using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Mailboxes;

/// <summary>
/// <c>/api/v1/mail</c>: the caller's secure mailbox — send to colleagues' mailboxes, list a folder, open, file,
/// delete. Messages are encrypted and opened on this node with the caller's session keys (<see cref="MailClient"/>).
/// </summary>
public static class MailApi
{
    public static RouteGroupBuilder MapMailApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mail").WithTags("Mail");
        group.MapGet("/", Get);
        group.MapPost("/", Send).ProducesValidationProblem();
        group.MapGet("/folders/{folder}", List).ProducesValidationProblem();
        group.MapGet("/messages/{sequence:long}", Open);
        group.MapPut("/messages/{sequence:long}/folder", Move).ProducesValidationProblem();
        group.MapDelete("/messages/{sequence:long}", Delete);
        return group;
    }

    private static async Task<Ok<MailboxView>> Get(HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).MailboxAsync());

    private static async Task<Created<SentMail>> Send(SendMailRequest request, HttpContext http, ConsultationClients clients)
    {
        var id = await clients.MailFor(http).SendAsync([.. (request.To ?? []).Select(p => new PractitionerId(p))], request.Subject ?? "", request.Body ?? "");
        return TypedResults.Created("/api/v1/mail/folders/Sent", new SentMail(id));
    }

    // The folder by name, checked here: a wrong one is a field error (after the caller's own checks), not a binding failure.
    private static async Task<Ok<IReadOnlyList<OpenMail>>> List(string folder, int? skip, int? take, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).ListAsync(
            Enum.TryParse<MailFolder>(folder, ignoreCase: true, out var f) && Enum.IsDefined(f) && !int.TryParse(folder, out _)
                ? f
                : throw Contracts.Errors.DomainException.Invalid([new("folder", "must be Inbox, Sent, Archive or Trash")]),
            skip ?? 0,
            take ?? 50));

    private static async Task<Ok<OpenMail>> Open(long sequence, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).OpenAsync(sequence));

    private static async Task<NoContent> Move(long sequence, MoveMailRequest request, HttpContext http, ConsultationClients clients)
    {
        await clients.MailFor(http).MoveAsync(sequence, request.Folder);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(long sequence, HttpContext http, ConsultationClients clients)
    {
        await clients.MailFor(http).DeleteAsync(sequence);
        return TypedResults.NoContent();
    }
}

/// <summary>A message to send: practitioners' ids (their mailboxes), subject and body (encrypted before they leave this node).</summary>
public sealed record SendMailRequest(IReadOnlyList<Guid>? To, string? Subject, string? Body);

/// <summary>The id of the message sent (the same in every mailbox it reached).</summary>
public sealed record SentMail(Guid MessageId);

/// <summary>The folder to file a message in.</summary>
public sealed record MoveMailRequest(MailFolder Folder);
