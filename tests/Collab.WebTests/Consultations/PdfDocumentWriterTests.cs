using Collab.Web.Consultations;
using UglyToad.PdfPig;

namespace Collab.WebTests.Consultations;

public sealed class PdfDocumentWriterTests
{
    [Fact]
    public void French_text_wraps_within_the_margins_runs_onto_new_pages_and_reads_back()
    {
        var pdf = new PdfDocumentWriter();
        pdf.Heading("Compte rendu");
        const string French = "Œdème à l'œil gauche, coût 12 € — « à revoir » ; ça s'arrête là.";
        for (var i = 0; i < 120; i++)
        {
            pdf.Paragraph($"{i:D3} {French} Paragraphe assez long pour occuper plus d'une ligne de texte sur une page A4.");
        }

        pdf.Paragraph(new string('q', 300)); // one word wider than a line
        using var document = PdfDocument.Open(pdf.ToArray());
        var pages = document.GetPages().ToList();
        var text = string.Join("\n", pages.Select(p => string.Join("\n", p.GetWords().Select(w => w.Text))));
        var letters = pages.SelectMany(p => p.Letters).ToList();

        Assert.True(pages.Count >= 4, $"{pages.Count} pages");
        Assert.Contains("Œdème", text, StringComparison.Ordinal);
        Assert.Contains("€", text, StringComparison.Ordinal);
        Assert.Contains("«", text, StringComparison.Ordinal);
        Assert.Contains("119", text, StringComparison.Ordinal);
        Assert.Equal(300, letters.Count(l => l.Value == "q"));
        Assert.All(letters, l => Assert.InRange(l.BoundingBox.Right, 0, 595.28 - 56 + 1)); // nothing past the right margin
    }
}
