using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Grains.Consultations;
using Collab.Web.Account;
using Collab.Web.Consultations;

namespace Collab.Web.Conversations;

/// <summary>
/// <c>{prefix}/{id}/files/{sequence}</c>: a file posted in a conversation (a consultation's, a discussion's), decrypted
/// for a member on the way out; each download audited. Images, PDFs and voice notes show in the page, anything else
/// downloads.
/// </summary>
public static class ConversationFiles
{
    private static readonly HashSet<string> InlineTypes =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg"];

    /// <summary>Serves the files of the conversations under <paramref name="prefix"/>, read with the client <paramref name="clientOf"/> builds.</summary>
    public static RouteHandlerBuilder MapConversationFiles(this IEndpointRouteBuilder app, string prefix, Func<ConsultationClients, HttpContext, ConversationClient> clientOf) =>
        app.MapGet(prefix + "/{id:guid}/files/{sequence:long}", (Guid id, long sequence, HttpContext http, ConsultationClients clients, IAttachmentStore store) =>
            File(id, sequence, http, clientOf(clients, http), store)).RequireActiveAccount();

    private static async Task<IResult> File(Guid id, long sequence, HttpContext http, ConversationClient client, IAttachmentStore store)
    {
        var item = (await client.ReadAsync(id, sequence, 1)).SingleOrDefault(i => i.Sequence == sequence);
        if (item?.Body is not { Kind: ItemBody.FileKind } file)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No file at {sequence}.");
        }

        var plaintext = new MemoryStream();
        if (!await ConversationClient.ReadFileAsync(store, id, file, plaintext, http.RequestAborted))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"The file at {sequence} is gone.");
        }

        await client.RecordDownloadAsync(id, DownloadKind.File);
        return Serve(http, file, plaintext);
    }

    /// <summary>A decrypted file as an answer: never cached, never sniffed; shown in the page when it is safe to, else downloaded.</summary>
    public static IResult Serve(HttpContext http, ItemBody file, MemoryStream plaintext)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        plaintext.Position = 0;
        var inline = InlineTypes.Contains(file.ContentType ?? "") && http.Request.Query["download"].Count == 0;
        return Results.File(plaintext, inline ? file.ContentType : "application/octet-stream", inline ? null : file.Name);
    }
}
