using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Grains.Consultations;
using Collab.Web.Account;
using Collab.Web.Components.Discussions;
using Collab.Web.Consultations;
using Collab.Web.Conversations;
using Collab.Web.Practitioners;

namespace Collab.Web.Discussions;

/// <summary><c>/discussions/{id}/export.pdf[?message=n]</c>: a discussion, or one of its messages, as PDF for a member (traced as an export).</summary>
public static class DiscussionDownloads
{
    public static void MapDiscussionDownloads(this IEndpointRouteBuilder app)
    {
        app.MapConversationFiles("/discussions", (clients, http) => clients.DiscussionsFor(http));
        app.MapGet("/discussions/{id:guid}/export.pdf", Export).RequireActiveAccount();
    }

    private static async Task<IResult> Export(
        Guid id, long? message, HttpContext http, ConsultationClients clients, PractitionerService practitioners, IAttachmentStore store, TimeProvider clock)
    {
        var client = clients.DiscussionsFor(http);
        var discussion = await client.GetAsync(id);
        var items = await client.ReadAllAsync(id);
        if (message is { } only && !items.Any(i => i.Sequence == only && i.Body is not null))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No message at {only}.");
        }

        var names = await practitioners.NamesAsync([client.Me, .. discussion.Members, .. items.Select(i => i.Author)]);
        async Task<byte[]?> ReadFile(ItemBody file)
        {
            var content = new MemoryStream();
            return await ConversationClient.ReadFileAsync(store, id, file, content, http.RequestAborted) ? content.ToArray() : null;
        }

        var title = DiscussionTitle.Of(discussion, client.Me.Value, p => p is { } who ? names.GetValueOrDefault(who, "—") : "—");
        var pdf = await ConversationPdf.DiscussionAsync(discussion, title, items, names, ReadFile, names.GetValueOrDefault(client.Me, ""), clock.GetUtcNow(), message);
        await client.RecordDownloadAsync(id, DownloadKind.Export);
        return Results.File(pdf, "application/pdf", $"discussion-{id.ToString()[..8]}{(message is { } n ? $"-message-{n}" : "")}.pdf");
    }
}
