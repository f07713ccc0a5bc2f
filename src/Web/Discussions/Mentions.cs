using System.Text.RegularExpressions;
using Collab.Contracts;
using Collab.Contracts.Practitioners;

namespace Collab.Web.Discussions;

/// <summary>
/// Whom a message mentions: <c>@</c> followed by one of a member's names ("@Bernard", "@louis"), case and accents
/// ignored. The page finds them before the text is encrypted; the grain is told only whom to notify.
/// </summary>
public static partial class Mentions
{
    private static readonly HashSet<string> Titles = ["dr", "pr", "m", "mme"];

    public static IReadOnlyList<PractitionerId> In(string? text, IReadOnlyDictionary<PractitionerId, string> members)
    {
        var tokens = Mention().Matches(TextFold.Fold(text)).Select(m => m.Groups[1].Value).ToHashSet();
        if (tokens.Count == 0)
        {
            return [];
        }

        return members
            .Where(m => TextFold.Words(m.Value).Select(w => w.Trim('.')).Any(w => w.Length > 1 && !Titles.Contains(w) && tokens.Contains(w)))
            .Select(m => m.Key)
            .ToList();
    }

    [GeneratedRegex(@"(?<![\w@])@([\w'-]+)")]
    private static partial Regex Mention();
}
