using System.Globalization;
using Collab.Contracts.Discussions;
using Collab.Contracts.Practitioners;
using Collab.Web.Consultations;

namespace Collab.Web.Conversations;

/// <summary>
/// Conversations on paper: the messages of a consultation's report, and the PDF export of a discussion (whole, or
/// one message with its attachments listed). Made on demand, never stored.
/// </summary>
public static class ConversationPdf
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Writes each message (deleted ones left out): who and when, then its text, its image shown, or the file named.</summary>
    public static async Task MessagesAsync(
        PdfDocumentWriter pdf, IEnumerable<OpenItem> items, Func<PractitionerId?, string> name, Func<DateTimeOffset, string> when,
        ConsultationReport.FileReader readFile, string openFrom)
    {
        foreach (var item in items.Where(i => i.Body is not null))
        {
            var body = item.Body!;
            pdf.Paragraph($"{when(item.PostedAt)} — {name(item.Author)}", 9, bold: true);
            if (body.Kind != ItemBody.FileKind)
            {
                pdf.Paragraph(body.ReplyTo is { } replyTo ? $"(en réponse au message n° {replyTo}) {body.Text}" : body.Text ?? "", 10, indent: 12);
                continue;
            }

            // Images are shown; other files (PDF, documents, voice notes) are named, to be opened where they were posted.
            var image = body.IsImage && await readFile(body) is { } bytes ? PdfImage.From(bytes, body.ContentType) : null;
            if (image is not null)
            {
                pdf.Image(image, PdfDocumentWriter.TextWidth - 12, 320, indent: 12);
                pdf.Paragraph(body.Name ?? "", 8, indent: 12);
            }
            else
            {
                pdf.Paragraph($"{(body.IsAudio ? "Note vocale" : "Fichier joint")} : {body.Name} (à ouvrir dans la {openFrom})", 10, indent: 12);
            }
        }
    }

    /// <summary>A discussion, or only its message at <paramref name="only"/>, for <paramref name="generatedFor"/>.</summary>
    public static async Task<byte[]> DiscussionAsync(
        DiscussionView discussion, string title, IReadOnlyList<OpenItem> items, IReadOnlyDictionary<PractitionerId, string> names,
        ConsultationReport.FileReader readFile, string generatedFor, DateTimeOffset now, long? only = null)
    {
        string Name(PractitionerId? id) => id is { } p ? names.GetValueOrDefault(p, "—") : "—";
        string When(DateTimeOffset at) => UiCulture.Local(at).ToString("dd/MM/yyyy 'à' HH:mm", French);
        var pdf = new PdfDocumentWriter
        {
            Title = $"Discussion {title}",
            Footer = (page, count) => $"Document généré par Collab pour {generatedFor} le {When(now)} — page {page}/{count}",
        };
        pdf.Paragraph("Collab — discussion entre professionnels de santé", 15, bold: true);
        pdf.Rule();
        pdf.Heading(only is null ? $"Discussion « {title} »" : $"Message de la discussion « {title} »", 17);
        pdf.Paragraph($"Référence {discussion.Id}", 8.5);
        pdf.Field("Membres", string.Join(", ", discussion.Members.Select(m => Name(m))));
        pdf.Field("Commencée le", When(discussion.StartedAt));
        var shown = only is { } sequence ? items.Where(i => i.Sequence == sequence).ToList() : items;
        pdf.Heading(only is null ? "Messages" : "Message");
        await MessagesAsync(pdf, shown, Name, When, readFile, "discussion");
        if (!shown.Any(i => i.Body is not null))
        {
            pdf.Paragraph("Aucun message lisible.");
        }

        return pdf.ToArray();
    }
}
