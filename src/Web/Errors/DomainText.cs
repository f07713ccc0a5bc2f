using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace Collab.Web.Errors;

/// <summary>
/// The grains explain a refusal in English (their messages and field rules are the API's, and land in logs); people
/// reading the app in French get it in French. Resources/Errors.resx holds each English text as a template (its holes
/// written {0}, {1}…) with its French, so a message is translated by matching it against the templates.
/// </summary>
public static partial class DomainText
{
    private static readonly IReadOnlyList<(Regex English, string French)> Templates = Load();

    /// <summary>Whether the current request speaks French (the app's default).</summary>
    public static bool French => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    /// <summary>How many English texts have a French version.</summary>
    public static int Count => Templates.Count;

    /// <summary><paramref name="english"/> in the current language, or null when French is wanted and no template matches.</summary>
    public static string? Translate(string english)
    {
        return French ? TranslateTo(english) : english;
    }

    /// <summary>
    /// Problem responses are in English (the API's language, stable for programs) unless the client asks for French
    /// first in Accept-Language; then title, detail and field rules are translated. The <c>code</c> and the field
    /// names stay the same in both.
    /// </summary>
    public static void Localize(Microsoft.AspNetCore.Http.ProblemDetailsContext context)
    {
        var languages = context.HttpContext.Request.GetTypedHeaders().AcceptLanguage;
        if (languages.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault() is not { } first
            || first.Value.Value?.StartsWith("fr", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }

        static string? French(string? english) => english is null ? null : TranslateTo(english) ?? english;
        var problem = context.ProblemDetails;
        problem.Title = French(problem.Title);
        problem.Detail = French(problem.Detail);
        if (problem is Microsoft.AspNetCore.Http.HttpValidationProblemDetails validation)
        {
            foreach (var field in validation.Errors.Keys.ToList())
            {
                validation.Errors[field] = validation.Errors[field].Select(rule => French(rule)!).ToArray();
            }
        }
    }

    private static string? TranslateTo(string english)
    {
        foreach (var (pattern, french) in Templates)
        {
            if (pattern.Match(english) is { Success: true } match)
            {
                return string.Format(CultureInfo.GetCultureInfo("fr"), french, match.Groups.Values.Skip(1).Select(g => (object)g.Value).ToArray());
            }
        }

        return null;
    }

    private static List<(Regex, string)> Load()
    {
        var resources = new ResourceManager("Collab.Web.Resources.Errors", typeof(DomainText).Assembly);
        var set = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException("Resources/Errors.resx is missing from the assembly.");
        return set.Cast<DictionaryEntry>()
            .Select(e => ((string)e.Key, (string)e.Value!))
            .OrderByDescending(e => e.Item1.Length) // the most specific template first
            .Select(e => (Pattern(e.Item1), e.Item2))
            .ToList();
    }

    // "Practitioner {0} is {1}." → ^Practitioner (.*?) is (.*?)\.$
    private static Regex Pattern(string template) =>
        new("^" + string.Concat(Hole().Split(template).Select((part, i) => i % 2 == 0 ? Regex.Escape(part) : "(.*?)")) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Hole();
}
