using System.Net;
using Collab.Contracts.Knowledge;
using Collab.Grains.Knowledge;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Knowledge;

/// <summary>How the knowledge pages name bands, sexes, chapters and facet values, and draw highlighted extracts.</summary>
public static class KnowledgeText
{
    public static string Age(IStringLocalizer<Ui> l, AgeBand band) => l[$"Knowledge.Age.{band}"];

    public static string Sex(IStringLocalizer<Ui> l, CaseSex sex) => l[$"Knowledge.Sex.{sex}"];

    /// <summary>A facet value as the page shows it.</summary>
    public static string Facet(IStringLocalizer<Ui> l, string facet, string value) => facet switch
    {
        KnowledgeResults.AgeBandFacet when Enum.TryParse<AgeBand>(value, out var band) => Age(l, band),
        KnowledgeResults.SexFacet when Enum.TryParse<CaseSex>(value, out var sex) => Sex(l, sex),
        KnowledgeResults.ChapterFacet => $"{value} — {Icd10.ChapterLabel(value)}",
        _ => value,
    };

    /// <summary>An extract with its matches in &lt;mark&gt;, everything else escaped.</summary>
    public static MarkupString Extract(string extract)
    {
        var html = new System.Text.StringBuilder();
        foreach (var (piece, i) in extract.Split(KnowledgeHit.MarkStart).Select((p, i) => (p, i)))
        {
            var end = piece.IndexOf(KnowledgeHit.MarkEnd, StringComparison.Ordinal);
            if (i == 0 || end < 0)
            {
                html.Append(WebUtility.HtmlEncode(piece.Replace(KnowledgeHit.MarkEnd.ToString(), "", StringComparison.Ordinal)));
                continue;
            }

            html.Append("<mark>").Append(WebUtility.HtmlEncode(piece[..end])).Append("</mark>").Append(WebUtility.HtmlEncode(piece[(end + 1)..]));
        }

        return new MarkupString(html.ToString());
    }

    /// <summary>The codes with their labels ("I48 Fibrillation et flutter auriculaires").</summary>
    public static string Codes(IEnumerable<string> codes) => string.Join(" · ", codes.Select(c => $"{c} {Icd10.Label(c)}"));
}
