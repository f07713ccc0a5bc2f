using System.Text.RegularExpressions;

namespace Collab.Testing;

/// <summary>
/// Finds English in text meant to be French: words common in English sentences that French never uses
/// ("the", "must", "required"…). Names and codes pass; a sentence of English does not.
/// </summary>
public static partial class EnglishText
{
    /// <summary>The English words of <paramref name="text"/>, or none.</summary>
    public static IReadOnlyList<string> WordsIn(string text) =>
        Words().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"\b(the|is|are|must|be|required|characters|your|you|not|wrong|with|without|should|please|already|exists|only|cannot|does|has|have|this|that|of|to|for|and|at|most|least|by|from|enter|first|again|expired|used|try|found|allowed|denied|invalid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Words();
}
