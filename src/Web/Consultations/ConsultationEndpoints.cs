using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Grains.Consultations;
using Collab.Web.Account;
using Collab.Web.Groups;
using Collab.Web.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>Downloads that cannot go through a Blazor circuit: the PDF report and attached files, decrypted on the way out.</summary>
public static class ConsultationEndpoints
{
    private static readonly HashSet<string> InlineTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"];

    public static void MapConsultationDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/consultations/{id:guid}").RequireActiveAccount();
        group.MapGet("/report.pdf", Report);
        group.MapGet("/files/{sequence:long}", File);
    }

    private static async Task<IResult> Report(Guid id, HttpContext http, ConsultationClients clients, PractitionerService practitioners, GroupService groups, TimeProvider clock)
    {
        var client = clients.For(http);
        var consultation = await client.OpenAsync(id);
        var items = new List<OpenItem>();
        for (IReadOnlyList<OpenItem> page; (page = await client.ReadAsync(id, items.Count == 0 ? 1 : items[^1].Sequence + 1)).Count > 0;)
        {
            items.AddRange(page);
        }

        var v = consultation.View;
        var names = await practitioners.NamesAsync([v.Requester, v.RequiredPractitioner, v.AcceptedBy, .. items.Select(i => i.Author)]);
        var groupName = v.RequiredGroup is { } g ? await groups.NameAsync(g) : null;
        var pdf = ConsultationReport.Render(consultation, items, names, groupName, clock.GetUtcNow());
        await client.RecordDownloadAsync(id, DownloadKind.Report);
        return Results.File(pdf, "application/pdf", $"teleexpertise-{id.ToString()[..8]}.pdf");
    }

    private static async Task<IResult> File(Guid id, long sequence, HttpContext http, ConsultationClients clients, IAttachmentStore store)
    {
        var client = clients.For(http);
        var item = (await client.ReadAsync(id, sequence, 1)).SingleOrDefault(i => i.Sequence == sequence);
        if (item?.Body is not { Kind: ItemBody.FileKind } file)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No file at {sequence}.");
        }

        var plaintext = new MemoryStream();
        if (!await ConsultationClient.ReadFileAsync(store, id, file, plaintext, http.RequestAborted))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"The file at {sequence} is gone.");
        }

        await client.RecordDownloadAsync(id, DownloadKind.File);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        plaintext.Position = 0;
        var inline = InlineTypes.Contains(file.ContentType ?? "") && http.Request.Query["download"].Count == 0;
        return Results.File(plaintext, inline ? file.ContentType : "application/octet-stream", inline ? null : file.Name);
    }
}
