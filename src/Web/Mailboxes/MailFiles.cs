using Collab.Grains.Consultations;
using Collab.Web.Account;
using Collab.Web.Consultations;

namespace Collab.Web.Mailboxes;

/// <summary><c>/mail/messages/{n}/files/{fileId}</c>: an attachment of a message of the caller's mailbox (or of the shared one <c>?box=</c>), decrypted for them (opening it is traced).</summary>
public static class MailFiles
{
    public static void MapMailFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/mail/messages/{sequence:long}/files/{fileId:guid}", async (long sequence, Guid fileId, Guid? box, HttpContext http, ConsultationClients clients, IAttachmentStore store) =>
        {
            var plaintext = new MemoryStream();
            var file = await clients.MailFor(http).ReadAttachmentAsync(store, sequence, fileId, plaintext, box, http.RequestAborted);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, no-store";
            plaintext.Position = 0;
            return Results.File(plaintext, "application/octet-stream", file.Name);
        }).RequireActiveAccount();
}
