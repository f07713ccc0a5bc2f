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

    // An 8×8 JPEG (Chromium's screenshot) and a 400×150 PNG with an alpha channel (an ECG trace on a pale grid).
    private const string Jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKcAD//Z";
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAZAAAACWCAYAAADwkd5lAAAHKklEQVR4nO3dSZLcRhAEQL6E/38KP8QzZUZZ07jM0sgGkJFVfvAbOQhEVU9I4qIvP75//wEAR33pDgDATAYEgBIDAkCJAQGgxIAAUGJAACgxIACUGBAASgwIACUGBIASAwJAiQEBoMSAAFBiQAAoMSAAlBgQAEoMCAAlBgSAEgMCQIkBAaDEgABQYkAAKDEgAJQYEABKDAgAJQYEgBIDAkCJAQGgxIAAUGJAACgxIACUGBAASgwIACXLDsi3r1/f1J0r0Xtd6UtX+tLVR5YbkI8OYcKBJPbVnTGFu6Wrzr66M75lqQF59tImH0hqX91Zu7lbutLXv5YZkGdLTj6Mrr7O+HErq3S1a19HOti9qyMdpN6tJQakUmziYaT2pSt36+i76+r8d0/saqkBufoAV1B9Z13Vfm73O3T0dWfPU61yt8YPyKtlJh3GXV1V33e3D7q7pasru1qhr9EDclaJKYcxoS9d6eu9d3S37nvPlH+YMyAXfK1EutKVvvqt1tXYATm7vITDmNKVvnSlq/r7Jfd/1MgBuaq07sOY1JeuMr5uN131v5cBCTmI7sOY2NWKfemq/51W62vVrsYNyNVlrXhxJ3/9u7tytzLeZaWu7uqr471GDsgKz7irqzsGZIW+7nqPFbq6qy93K+sZbxk1IHd+yFe5uCs9Z4UzX+Fu3fkO07u68x067ta4AVnxWVflX/niTs4/uau787tbmc96GDMgHR/y6Rd35edNzj75bnVkn9pVR/a7z2fUgOzwzLNyr35xp+ee2FVXbncr94xGDEjnQUy9uDs9d2LmiXerM/O0rjoz33lOYwZkx2dX8+5wcVfIO6mr7rzdZzUtrwEJOohpF3fn50/KOuluJWTtfv6krHed14gBkeH5nN1ZEzJMypmQYUrOlDObknP7AUk6iIQcz+TszpCUY0LGCXcrKWNKjgkZ7zi3+AHpzpCY5b18KRmTskzIl5QlPV/a2aXn23ZAEg8iKc9b+bozJOdJzpZ8txKzpeVJzrb1gHRnmJDpkSstW2Km5HNMzJSaK/VuJee66mtHDkjyQaTm6s4wJVdipkeutGyJmZLPMTHT1bliB6Q7w5Rs6R/ytGxpeZKzpeX5O1tSvrQ8d2WLG5Dkg0jMl5QlPV/a2SXnS8ryUcbuDIlZ7swXOSDdGaZknPIhT8mYkmNCxpQcn2VMyJmSoyNj1IBMOIiknAkZpuRMObMJORMyHMkqQ1/OuAHpzjAl67QPeXfW7udPytr9/ElZE+52Z9aYAZl0EAl5J3XVnbf7rCblndbVI/OOz07I+8+AdF7c7nKnZJ76IXe38jNP7aojt89hyIBMPIiurjqfOzH35Lt1d25dHX9u97t3535zQDoubnepU0z9kHdln9pVR/bpXd2Z3+fwf2/+Gsid5Uw+iK7D784wJf/0u+VzePwdVnxWcv6IAekuc4pVPuR3vMMKXT3eY6XnrHDmK9yts97h3d+FdUdJKxzEtANP4EOe9R6rdPV4lxWecVdXr77Lh7+N98qiVrq0Uw47xdXvslJXj/eZ/PXv7srduu9dPh2Qq8pa6SAmHHSaq+9W9/tN6mrFvnR1zzt9+gcJryhsxYO4uq/u95pyB1a9W1e8l64yvm63ywfkiovbXdqVh3Hm+616aa+4B6t3pa++d9PV2576q0zOLG/lg9DVOt0ncrd0ldbXoQF5tcQdDuKs9zyr813s0pXP4f3vuUNf1e83T/9liq+WuNs3xLP66n6PCXbq6tXPkc/hvT9/kksH5JUyd7u0r77zbl119TxV9Z11Vfu53e/Q0dezP/7wX+d+9EB2vLSvvPuuXf3+/lf2u4rqvdq5K32d/+4vDchnD9j5EI52cKTXlblbx7o6s9OVPfv58jk81kHpfyj19wM+011IN33pKqG/7mzdnulEX5/fo9+99H8k9AE//0C6cybQ1fnddedK8eyAdOdMcemAfPaA7pdPoyt9dXTWnSmRbo53dcmAALAnAwJAiQEBoMSAAFBiQAAoMSAAlBgQAEoMCAAlBgSAEgMCQIkBAaDEgABQYkAAKDEgAJQYEABKDAgAJQYEgBIDAkCJAQGgxIAAUGJAACgxIACUGBAASgwIACUGBIASAwJAiQEBoMSAAFBiQAAoMSAAlBgQAEoMCAAlBgSAki/fvn5tDwHAPAYEgJKfA2JEADjq56+BGBAAjvo1IEYEgCN+/S4sAwLAEX8MiBEB4Fl//DkQAwLAswwIACX+JPqLjC6wKwPyIgMC7MqAvMhvPgB2ZUBOYECAHRmQE/i3EGBHBuQkRgTYjQE5iQEBdmNATmRAgJ0YEFoZXZjLgNDKf/qDuQwIrQwIzGVAaGdEYCYDQgQjAvMYECIYkHpv3RnYlwEhhm+Gtc70RhcDAoM9BsSQ6K+DAYHhfAM8pzv9HWdAYAG+Ab7Wm/5qDAgAJQYEgBIDAkCJAQGg5D/0rNqnXp+JhQAAAABJRU5ErkJggg==";

    [Fact]
    public void Images_are_embedded_at_their_size_with_a_footer_numbering_every_page()
    {
        var jpeg = PdfImage.From(Convert.FromBase64String(Jpeg), "image/jpeg");
        var png = PdfImage.From(Convert.FromBase64String(Png), "image/png");
        var pdf = new PdfDocumentWriter { Title = "Compte rendu", Footer = (page, count) => $"généré le 01/12/2026 — page {page}/{count}" };
        pdf.Image(jpeg!, 100, 100);
        for (var i = 0; i < 60; i++)
        {
            pdf.Paragraph($"Ligne {i} du compte rendu.");
        }

        pdf.Image(png!, PdfDocumentWriter.TextWidth, 320);
        using var document = PdfDocument.Open(pdf.ToArray());
        var pages = document.GetPages().ToList();
        var images = pages.SelectMany(p => p.GetImages()).ToList();

        Assert.Equal(("/DCTDecode", 8, 8), (jpeg!.Filter, jpeg.Width, jpeg.Height));
        Assert.NotNull(png!.Alpha); // the transparency kept as a soft mask
        Assert.Equal([(8, 8), (400, 150)], images.Select(i => (i.WidthInSamples, i.HeightInSamples)));
        Assert.True(png.Alpha!.Length < 400 * 150, "the soft mask is compressed");
        Assert.Equal(Enumerable.Range(1, pages.Count).Select(n => $"page {n}/{pages.Count}"), pages.Select(p => p.Text[(p.Text.LastIndexOf("page", StringComparison.Ordinal))..]));
        Assert.Equal("Compte rendu", document.Information.Title);
        Assert.Null(PdfImage.From(Convert.FromBase64String(Png), "image/gif")); // not a format the writer embeds
    }
}
