using System.Globalization;
using System.Text;

namespace Collab.Web.Consultations;

/// <summary>
/// A small PDF writer for text documents (ADR 0004): A4 pages, the standard Helvetica fonts with
/// WinAnsi encoding (French is covered; other characters print as '?'), paragraphs wrapped on word
/// boundaries with Helvetica's metrics, pages added as the text runs on, images (<see cref="PdfImage"/>),
/// rules, a footer on every page that knows the page count, and the document's title in its metadata.
/// Fonts are not embedded, so the files stay small and any reader renders them — and they are not PDF/A,
/// which requires embedded fonts.
/// </summary>
public sealed class PdfDocumentWriter
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Margin = 56;

    // Helvetica advance widths (1/1000 em) of WinAnsi 32–126, from Adobe's AFM.
    private static readonly short[] Widths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];

    // The WinAnsi codes 128–159 that differ from Latin-1.
    private static readonly Dictionary<char, (byte Code, short Width)> WinAnsiExtras = new()
    {
        ['€'] = (0x80, 556),
        ['‚'] = (0x82, 222),
        ['„'] = (0x84, 333),
        ['…'] = (0x85, 1000),
        ['‘'] = (0x91, 222),
        ['’'] = (0x92, 222),
        ['“'] = (0x93, 333),
        ['”'] = (0x94, 333),
        ['•'] = (0x95, 350),
        ['–'] = (0x96, 556),
        ['—'] = (0x97, 1000),
        ['œ'] = (0x9C, 944),
        ['Œ'] = (0x8C, 1000),
    };

    private readonly List<StringBuilder> _pages = [];
    private readonly List<PdfImage> _images = [];
    private double _y;

    public PdfDocumentWriter() => NewPage();

    /// <summary>The document's title, in its metadata (what a reader shows in its title bar).</summary>
    public string? Title { get; set; }

    /// <summary>The footer of page <c>n</c> of <c>count</c>, written in small print under the bottom margin.</summary>
    public Func<int, int, string>? Footer { get; set; }

    /// <summary>The width text and images may take.</summary>
    public static double TextWidth => PageWidth - (2 * Margin);

    /// <summary>A thin horizontal rule across the text width.</summary>
    public void Rule()
    {
        Space(4);
        _pages[^1].Append(FormattableString.Invariant($"0.6 w 0.6 G {Margin} {_y:0.##} m {PageWidth - Margin} {_y:0.##} l S 0 G\n"));
        Space(6);
    }

    /// <summary>An image scaled down (never up) to fit <paramref name="maxWidth"/> × <paramref name="maxHeight"/> points, on a new page if it does not fit this one.</summary>
    public void Image(PdfImage image, double maxWidth, double maxHeight, double indent = 0)
    {
        var scale = Math.Min(1, Math.Min(Math.Min(maxWidth, TextWidth - indent) / image.Width, maxHeight / image.Height));
        var (width, height) = (image.Width * scale, image.Height * scale);
        if (_y - height - 4 < Margin)
        {
            NewPage();
        }

        _images.Add(image);
        _y -= height + 4;
        _pages[^1].Append(FormattableString.Invariant($"q {width:0.##} 0 0 {height:0.##} {Margin + indent:0.##} {_y:0.##} cm /Im{_images.Count} Do Q\n"));
    }

    /// <summary>A heading in bold.</summary>
    public void Heading(string text, double size = 14)
    {
        Space(size * 0.6);
        Line(text, size, bold: true, indent: 0);
    }

    /// <summary>A paragraph, wrapped to the page width (line breaks in <paramref name="text"/> are kept).</summary>
    public void Paragraph(string text, double size = 10.5, double indent = 0, bool bold = false)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var line in Wrap(paragraph, size, PageWidth - (2 * Margin) - indent))
            {
                Line(line, size, bold, indent);
            }
        }
    }

    /// <summary>A label in bold followed by its value on the same line (wrapped after it).</summary>
    public void Field(string label, string value, double size = 10.5) => Paragraph($"{label} : {value}", size);

    public void Space(double points) => _y -= points;

    /// <summary>The document's bytes.</summary>
    public byte[] ToArray()
    {
        // Object numbers: 1 catalog, 2 page tree, 3–4 fonts, 5 metadata, then each image (and its soft mask), then each page and its content.
        var output = new MemoryStream();
        var offsets = new List<long>();
        void Begin()
        {
            offsets.Add(output.Position);
            Write(output, $"{offsets.Count} 0 obj\n");
        }

        void Object(string body)
        {
            Begin();
            Write(output, $"{body}\nendobj\n");
        }

        void Stream(string dictionary, byte[] content)
        {
            Begin();
            Write(output, $"<< {dictionary} /Length {content.Length} >>\nstream\n");
            output.Write(content);
            Write(output, "\nendstream\nendobj\n");
        }

        var imageObjects = new List<int>();
        var next = 6;
        foreach (var image in _images)
        {
            imageObjects.Add(next);
            next += image.Alpha is null ? 1 : 2;
        }

        var firstPage = next;
        Write(output, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var kids = string.Join(' ', Enumerable.Range(0, _pages.Count).Select(i => $"{firstPage + (2 * i)} 0 R"));
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object($"<< /Type /Pages /Kids [{kids}] /Count {_pages.Count} >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        Object($"<< /Producer (Collab) {(Title is { } title ? $"/Title ({Escape(title)})" : "")} >>");
        foreach (var image in _images)
        {
            var mask = image.Alpha is null ? "" : $"/SMask {offsets.Count + 2} 0 R ";
            Stream(FormattableString.Invariant($"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace {image.ColorSpace} /BitsPerComponent {image.BitsPerComponent} /Filter {image.Filter} {mask}"), image.Data);
            if (image.Alpha is { } alpha)
            {
                Stream(FormattableString.Invariant($"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"), alpha);
            }
        }

        var xObjects = _images.Count == 0 ? "" : $"/XObject << {string.Join(' ', imageObjects.Select((n, i) => $"/Im{i + 1} {n} 0 R"))} >> ";
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            if (Footer is { } footer)
            {
                page.Append(FormattableString.Invariant($"0.35 g BT /F1 8 Tf {Margin} {Margin / 2:0.##} Td ({Escape(footer(i + 1, _pages.Count))}) Tj ET 0 g\n"));
            }

            Object(FormattableString.Invariant(
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> {xObjects}>> /Contents {offsets.Count + 2} 0 R >>"));
            Stream("", Latin(page.ToString()));
        }

        var xref = output.Position;
        Write(output, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(output, offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write(output, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>The width of <paramref name="text"/> in points at <paramref name="size"/> (regular weight).</summary>
    public static double Measure(string text, double size) => text.Sum(CharWidth) * size / 1000;

    private void Line(string text, double size, bool bold, double indent)
    {
        var leading = size * 1.35;
        if (_y - leading < Margin)
        {
            NewPage();
        }

        _y -= leading;
        _pages[^1].Append(FormattableString.Invariant($"BT /{(bold ? "F2" : "F1")} {size} Tf {Margin + indent:0.##} {_y:0.##} Td ({Escape(text)}) Tj ET\n"));
    }

    private void NewPage()
    {
        _pages.Add(new StringBuilder());
        _y = PageHeight - Margin;
    }

    private static IEnumerable<string> Wrap(string paragraph, double size, double width)
    {
        if (paragraph.Length == 0)
        {
            yield return "";
            yield break;
        }

        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' '))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (Measure(candidate, size) <= width)
            {
                line.Clear().Append(candidate);
                continue;
            }

            if (line.Length > 0)
            {
                yield return line.ToString();
                line.Clear();
            }

            // A word wider than the line is cut where it must be, in one pass over its characters.
            var rest = word;
            while (Measure(rest, size) > width)
            {
                var cut = 0;
                var used = 0d;
                while (cut < rest.Length - 1 && used + (CharWidth(rest[cut]) * size / 1000) <= width)
                {
                    used += CharWidth(rest[cut]) * size / 1000;
                    cut++;
                }

                cut = Math.Max(cut, 1);
                yield return rest[..cut];
                rest = rest[cut..];
            }

            line.Append(rest);
        }

        yield return line.ToString();
    }

    private static int CharWidth(char c) => c switch
    {
        >= ' ' and <= '~' => Widths[c - ' '],
        _ when WinAnsiExtras.TryGetValue(c, out var extra) => extra.Width,
        _ => BaseWidth(c),
    };

    // Accented Latin letters are as wide as their base letter in Helvetica.
    private static int BaseWidth(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return decomposed[0] is >= ' ' and <= '~' ? Widths[decomposed[0] - ' '] : 556;
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '(' or ')' or '\\' => "\\" + c,
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    // Content streams are bytes in WinAnsi: Latin-1 plus the extras; anything else becomes '?'.
    private static byte[] Latin(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bytes[i] = c switch
            {
                _ when WinAnsiExtras.TryGetValue(c, out var extra) => extra.Code,
                < (char)0x80 or (>= (char)0xA0 and <= (char)0xFF) => (byte)c,
                _ => (byte)'?',
            };
        }

        return bytes;
    }

    private static void Write(Stream output, string text) => output.Write(Latin(text));
}
