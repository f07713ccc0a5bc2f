using System.Globalization;
using System.Text;

namespace Collab.Contracts;

/// <summary>Text compared the way people search: case and accents do not matter ("Échographie" is found as "echographie").</summary>
public static class TextFold
{
    /// <summary>Lower case without accents, trimmed.</summary>
    public static string Fold(string? text)
    {
        var decomposed = (text ?? "").Trim().Normalize(NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray()).ToLowerInvariant();
    }

    /// <summary>The folded words of a query (empty when it has none).</summary>
    public static IReadOnlyList<string> Words(string? query) =>
        Fold(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether <paramref name="text"/> holds every one of <paramref name="words"/> (folded).</summary>
    public static bool HoldsAll(string? text, IReadOnlyList<string> words)
    {
        var folded = Fold(text);
        return words.All(w => folded.Contains(w, StringComparison.Ordinal));
    }
}
