using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Web.Account;
using Collab.Web.Conversations;
using Collab.Web.Groups;
using Collab.Web.Practitioners;
using Collab.Web.Structures;

namespace Collab.Web.Consultations;

/// <summary>Downloads that cannot go through a Blazor circuit: the PDF report and attached files (<see cref="ConversationFiles"/>), decrypted on the way out.</summary>
public static class ConsultationEndpoints
{
    public static void MapConsultationDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/consultations/{id:guid}/report.pdf", Report).RequireActiveAccount();
        app.MapConversationFiles("/consultations", (clients, http) => clients.For(http));
    }

    private static async Task<IResult> Report(
        Guid id, HttpContext http, ConsultationClients clients, PractitionerService practitioners, GroupService groups, StructureService structures, IAttachmentStore store, TimeProvider clock)
    {
        var client = clients.For(http);
        var consultation = await client.OpenAsync(id);
        var items = await client.ReadAllAsync(id);

        var v = consultation.View;
        var names = await practitioners.NamesAsync([client.Me, v.Requester, v.RequiredPractitioner, v.AcceptedBy, .. items.Select(i => i.Author)]);
        var cards = new Dictionary<PractitionerId, PractitionerCard>();
        foreach (var party in new[] { v.Requester, v.RequiredPractitioner, v.AcceptedBy }.OfType<PractitionerId>().Distinct())
        {
            if (await practitioners.CardAsync(party.Value, client.Caller) is { } card)
            {
                cards[party] = card; // a red-listed practitioner has no card for others: named without number
            }
        }

        var group = v.RequiredGroup is { } g ? await groups.InfoAsync(g) : null;
        var answering = (v.AcceptedBy ?? v.RequiredPractitioner) is { } expert && cards.TryGetValue(expert, out var expertCard) ? expertCard.Structure : null;
        var letterhead = (answering ?? group?.Structure) is { } structure ? (await structures.DescribeAsync(structure, client.Caller))?.Info : null;
        var parties = new ReportParties(names, cards, group?.Name, letterhead, names.GetValueOrDefault(client.Me, ""));

        async Task<byte[]?> ReadFile(ItemBody file)
        {
            var content = new MemoryStream();
            return file.IsImage && await ConsultationClient.ReadFileAsync(store, id, file, content, http.RequestAborted) ? content.ToArray() : null;
        }

        var pdf = await ConsultationReport.RenderAsync(consultation, items, parties, ReadFile, clock.GetUtcNow());
        await client.RecordDownloadAsync(id, DownloadKind.Report);
        return Results.File(pdf, "application/pdf", $"teleexpertise-{id.ToString()[..8]}.pdf");
    }
}
