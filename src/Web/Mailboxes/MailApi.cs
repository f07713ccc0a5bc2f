using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Web.Access;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Mailboxes;

/// <summary>
/// <c>/api/v1/mail</c>: the caller's secure mailbox, or a shared one they read (<c>?box=</c>) — send, list a folder,
/// open, file, delete; messages are encrypted and opened on this node with the caller's session keys
/// (<see cref="MailClient"/>). <c>/api/v1/structures/{id}/mailboxes</c> and <c>/api/v1/mailboxes/{id}/…</c>: a
/// structure's administrators create shared mailboxes, grant their readers and issue their API keys.
/// </summary>
public static class MailApi
{
    public static RouteGroupBuilder MapMailApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mail").WithTags("Mail");
        group.MapGet("/", Get);
        group.MapPost("/", Send).ProducesValidationProblem();
        group.MapGet("/shared", Shared);
        group.MapPost("/search", Search).ProducesValidationProblem();
        group.MapGet("/folders", Folders);
        group.MapPost("/folders", CreateFolder).ProducesValidationProblem();
        group.MapGet("/folders/{folder}", List).ProducesValidationProblem();
        group.MapDelete("/folders/{folder}", DeleteFolder).ProducesValidationProblem();
        group.MapGet("/messages/{sequence:long}", Open);
        group.MapPut("/messages/{sequence:long}/folder", Move).ProducesValidationProblem();
        group.MapPut("/messages/{sequence:long}/flag", Flag);
        group.MapDelete("/messages/{sequence:long}", Delete);

        api.MapGet("/structures/{id:guid}/mailboxes", OfStructure).WithTags("Mail");
        api.MapPost("/structures/{id:guid}/mailboxes", Create).WithTags("Mail").ProducesValidationProblem();
        var shared = api.MapGroup("/mailboxes/{id:guid}").WithTags("Mail");
        shared.MapPut("/readers/{practitioner:guid}", Grant).ProducesValidationProblem();
        shared.MapDelete("/readers/{practitioner:guid}", Revoke).ProducesValidationProblem();
        shared.MapPut("/responsible/{practitioner:guid}", SetResponsible).ProducesValidationProblem();
        shared.MapPost("/keys", Issue).ProducesValidationProblem();
        shared.MapPost("/keys/{key:guid}/rotate", Rotate);
        shared.MapDelete("/keys/{key:guid}", RevokeKey);
        return group;
    }

    private static async Task<Ok<MailboxView>> Get(Guid? box, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).MailboxAsync(box));

    private static async Task<Ok<IReadOnlyList<MailboxView>>> Shared(HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).SharedAsync());

    // Words searched in the session (decrypt-then-search): the query is never stored nor logged.
    private static async Task<Ok<IReadOnlyList<OpenMail>>> Search(SearchMailRequest request, HttpContext http, ConsultationClients clients)
    {
        TextLimits.Require("query", request.Query, MailClient.SubjectLimit);
        return TypedResults.Ok(await clients.MailFor(http).SearchAsync(request.Query!, request.Box));
    }

    private static async Task<Created<SentMail>> Send(SendMailRequest request, HttpContext http, ConsultationClients clients, IAttachmentStore files)
    {
        var id = await clients.MailFor(http).SendAsync(request.To ?? [], request.Subject ?? "", request.Body ?? "", files: files);
        return TypedResults.Created("/api/v1/mail/folders/Sent", new SentMail(id));
    }

    // The folder by name, checked here: a wrong one is a field error (after the caller's own checks), not a binding failure.
    private static async Task<Ok<IReadOnlyList<OpenMail>>> List(string folder, int? skip, int? take, Guid? box, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).ListAsync(FolderOf(folder), skip ?? 0, take ?? 50, box));

    private static async Task<Ok<IReadOnlyList<OwnFolder>>> Folders(HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).FoldersAsync());

    private static async Task<Created<OwnFolder>> CreateFolder(CreateFolderRequest request, HttpContext http, ConsultationClients clients)
    {
        var folder = await clients.MailFor(http).CreateFolderAsync(request.Name ?? "");
        return TypedResults.Created($"/api/v1/mail/folders/{folder.Id}", folder);
    }

    private static async Task<NoContent> DeleteFolder(string folder, HttpContext http, ConsultationClients clients)
    {
        var mail = clients.MailFor(http);
        await mail.MailboxAsync(); // the caller's own mailbox, before the folder's number is looked at
        await mail.DeleteFolderAsync(int.TryParse(folder, out var id) && id >= MailFolderList.First
            ? id
            : throw DomainException.Invalid([new("folder", "must be the number of a folder of one's own")]));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<OpenMail>> Open(long sequence, Guid? box, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.MailFor(http).OpenAsync(sequence, box));

    private static async Task<NoContent> Move(long sequence, MoveMailRequest request, Guid? box, HttpContext http, ConsultationClients clients)
    {
        await clients.MailFor(http).MoveAsync(sequence, request.Folder, box);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Flag(long sequence, FlagMailRequest request, Guid? box, HttpContext http, ConsultationClients clients)
    {
        await clients.MailFor(http).FlagAsync(sequence, request.Flagged, box);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(long sequence, Guid? box, HttpContext http, ConsultationClients clients)
    {
        await clients.MailFor(http).DeleteAsync(sequence, box);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<MailboxView>>> OfStructure(Guid id, HttpContext http, IGrainFactory grains, MailPost post)
    {
        var caller = HttpCaller.From(http);
        await Grains.Access.AccessRules.RequireAdministrator(grains, caller, id, "see this structure's mailboxes");
        var views = new List<MailboxView>();
        foreach (var mailbox in await post.SharedAsync(null, id))
        {
            views.Add(await grains.Grain<IMailboxGrain>(mailbox).Get(caller)); // each mailbox checks again: its administrators
        }

        return TypedResults.Ok<IReadOnlyList<MailboxView>>(views);
    }

    private static async Task<Created<MailboxView>> Create(Guid id, CreateMailboxRequest request, HttpContext http, IGrainFactory grains)
    {
        var kind = Enum.TryParse<MailboxKind>(request.Kind, ignoreCase: true, out var k) && k != MailboxKind.Nominative && !int.TryParse(request.Kind, out _)
            ? k
            : throw DomainException.Invalid([new("kind", "must be Organisational or Applicative")]);
        var responsible = request.Responsible ?? HttpCaller.From(http).PractitionerId ?? Guid.Empty;
        var view = await grains.Grain<IMailboxGrain>(Guid.NewGuid()).Create(
            new SharedMailboxSpec(kind, id, request.Name ?? "", new PractitionerId(responsible), [.. (request.Readers ?? []).Select(r => new PractitionerId(r))]), HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/mail?box={view.Id}", view);
    }

    private static async Task<NoContent> Grant(Guid id, Guid practitioner, HttpContext http, IGrainFactory grains)
    {
        await grains.Grain<IMailboxGrain>(id).Grant(new PractitionerId(practitioner), HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetResponsible(Guid id, Guid practitioner, HttpContext http, IGrainFactory grains)
    {
        await grains.Grain<IMailboxGrain>(id).SetResponsible(new PractitionerId(practitioner), HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Revoke(Guid id, Guid practitioner, HttpContext http, IGrainFactory grains)
    {
        await grains.Grain<IMailboxGrain>(id).Revoke(new PractitionerId(practitioner), HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Created<IssuedMailKey>> Issue(Guid id, IssueKeyRequest request, HttpContext http, IGrainFactory grains)
    {
        var scopes = (request.Scopes ?? []).Aggregate((MailKeyScopes)0, (all, s) => all | (Enum.TryParse<MailKeyScopes>(s, ignoreCase: true, out var one) && Enum.IsDefined(one) && !int.TryParse(s, out _)
            ? one
            : throw DomainException.Invalid([new("scopes", "must be Send, Receive or both, for an applicative mailbox")])));
        var key = await grains.Grain<IMailboxGrain>(id).IssueKey(scopes, HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/mailboxes/{id}/keys/{key.Id}", key);
    }

    // A rotation: a new key with the same scopes, the old one revoked in the same step.
    private static async Task<Created<IssuedMailKey>> Rotate(Guid id, Guid key, HttpContext http, IGrainFactory grains)
    {
        var mailbox = grains.Grain<IMailboxGrain>(id);
        var old = (await mailbox.Get(HttpCaller.From(http))).Keys?.FirstOrDefault(k => k.Id == key && k.RevokedAt is null)
            ?? throw new DomainException(DomainErrorCode.NotFound, $"No key {key} in use in this mailbox.");
        var issued = await mailbox.IssueKey(old.Scopes, HttpCaller.From(http));
        await mailbox.RevokeKey(key, HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/mailboxes/{id}/keys/{issued.Id}", issued);
    }

    private static async Task<NoContent> RevokeKey(Guid id, Guid key, HttpContext http, IGrainFactory grains)
    {
        await grains.Grain<IMailboxGrain>(id).RevokeKey(key, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    /// <summary>A folder by name: a field error for anything else.</summary>
    public static MailFolder FolderOf(string folder) =>
        int.TryParse(folder, out var own) && own >= MailFolderList.First ? (MailFolder)own // one's own: the mailbox checks it exists
        : Enum.TryParse<MailFolder>(folder, ignoreCase: true, out var f) && Enum.IsDefined(f) && !int.TryParse(folder, out _) ? f
        : throw DomainException.Invalid([new("folder", "must be Inbox, Sent, Archive, Trash or Drafts, or the number of a folder of one's own")]);
}

/// <summary>A message to send: secure addresses (or practitioners' ids), subject and body (encrypted before they leave this node).</summary>
public sealed record SendMailRequest(IReadOnlyList<string>? To, string? Subject, string? Body);

/// <summary>Words to find in a mailbox (the caller's own, or the shared one <see cref="Box"/>).</summary>
public sealed record SearchMailRequest(string? Query, Guid? Box);

/// <summary>The id of the message sent (the same in every mailbox it reached).</summary>
public sealed record SentMail(Guid MessageId);

/// <summary>The folder to file a message in.</summary>
public sealed record MoveMailRequest(MailFolder Folder);

/// <summary>A folder of one's own to create: its name (encrypted before it leaves this node).</summary>
public sealed record CreateFolderRequest(string? Name);

/// <summary>Whether a message is flagged to follow up.</summary>
public sealed record FlagMailRequest(bool Flagged);

/// <summary>A shared mailbox to create: Organisational or Applicative, its name, its responsible professional (default: the caller) and readers.</summary>
public sealed record CreateMailboxRequest(string? Kind, string? Name, Guid? Responsible, IReadOnlyList<Guid>? Readers);

/// <summary>The scopes of a new API key: Send, Receive or both.</summary>
public sealed record IssueKeyRequest(IReadOnlyList<string>? Scopes);
