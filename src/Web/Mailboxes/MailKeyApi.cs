using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Mailboxes;

/// <summary>
/// <c>/mailbox-api/v1</c>: software reading its applicative mailbox with a receiving API key
/// (<c>Authorization: Bearer cmk.…</c>) — list, open, attachments, delete. The key's secret opens the mailbox's ring
/// here, for this request only; every use is checked and traced by the mailbox with the key's id. No session, no cookie.
/// </summary>
public static class MailKeyApi
{
    public static void MapMailKeyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mailbox-api/v1").WithTags("Mailbox keys").AllowAnonymous();
        group.MapGet("/messages", List).ProducesValidationProblem();
        group.MapGet("/messages/{sequence:long}", Open);
        group.MapGet("/messages/{sequence:long}/files/{fileId:guid}", File);
        group.MapDelete("/messages/{sequence:long}", Delete);
    }

    private static async Task<Ok<IReadOnlyList<OpenMail>>> List(string? folder, int? skip, int? take, HttpContext http, IGrainFactory grains)
    {
        var (mailbox, caller, secret) = await KeyAsync(http, grains);
        var entries = await mailbox.List(folder is null ? MailFolder.Inbox : MailApi.FolderOf(folder), skip ?? 0, take ?? 50, caller);
        var ring = await mailbox.GetRing(caller);
        using var keys = secret.KeyPair();
        return TypedResults.Ok<IReadOnlyList<OpenMail>>([.. entries.Select(e => MailPost.Open(e, keys, secret.Key, ring))]);
    }

    private static async Task<Ok<OpenMail>> Open(long sequence, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await OpenAsync(sequence, http, grains));

    private static async Task<IResult> File(long sequence, Guid fileId, HttpContext http, IGrainFactory grains, IAttachmentStore store)
    {
        var mail = await OpenAsync(sequence, http, grains);
        var file = mail.Content.Attachments.SingleOrDefault(a => a.FileId == fileId)
            ?? throw new DomainException(DomainErrorCode.NotFound, $"No attachment {fileId} in message {sequence}.");
        var plaintext = new MemoryStream();
        if (!await Conversations.ConversationClient.ReadFileAsync(store, mail.MessageId, file, plaintext, http.RequestAborted))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No attachment {fileId} in message {sequence}.");
        }

        http.Response.Headers.CacheControl = "private, no-store";
        plaintext.Position = 0;
        return Results.File(plaintext, "application/octet-stream", file.Name);
    }

    private static async Task<NoContent> Delete(long sequence, HttpContext http, IGrainFactory grains)
    {
        var (mailbox, caller, _) = await KeyAsync(http, grains);
        await mailbox.Delete(sequence, caller);
        return TypedResults.NoContent();
    }

    private static async Task<OpenMail> OpenAsync(long sequence, HttpContext http, IGrainFactory grains)
    {
        var (mailbox, caller, secret) = await KeyAsync(http, grains);
        var entry = await mailbox.Open(sequence, caller);
        using var keys = secret.KeyPair();
        return MailPost.Open(entry, keys, secret.Key, await mailbox.GetRing(caller));
    }

    // The key presented, checked by its mailbox for receiving: the mailbox, the caller it makes (the key's id) and the secret.
    private static async Task<(IMailboxGrain Mailbox, Caller Caller, MailKeySecret Secret)> KeyAsync(HttpContext http, IGrainFactory grains)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var secret = header.StartsWith("Bearer ", StringComparison.Ordinal) ? MailKeySecret.Parse(header["Bearer ".Length..]) : null;
        if (secret is null)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "Present the mailbox's API key: Authorization: Bearer cmk.….");
        }

        var mailbox = grains.Grain<IMailboxGrain>(secret.Mailbox);
        return (mailbox, await mailbox.Authenticate(secret.ToString(), MailKeyScopes.Receive, HttpCaller.From(http)), secret);
    }
}
