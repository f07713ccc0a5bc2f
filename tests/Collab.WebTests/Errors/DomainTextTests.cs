using System.Globalization;
using System.Text.RegularExpressions;
using Collab.Testing;
using Collab.Web.Errors;

namespace Collab.WebTests.Errors;

/// <summary>
/// Every refusal the grains and the web layer can write — collected from the source, so a new one without its French
/// fails here — reads in French on the French UI, and stays as written in English.
/// </summary>
public sealed partial class DomainTextTests
{
    [Fact]
    public void Every_message_and_field_rule_in_the_source_has_a_french_version_with_no_english_left()
    {
        var texts = SourceTexts();
        var untranslated = new List<string>();
        var english = new List<string>();
        using (Culture("fr-FR"))
        {
            foreach (var text in texts)
            {
                var sample = Hole().Replace(text, "42");
                if (DomainText.Translate(sample) is not { } french)
                {
                    untranslated.Add(text);
                }
                else if (EnglishText.WordsIn(french) is { Count: > 0 } words)
                {
                    english.Add($"{text} → {french} ({string.Join(", ", words)})");
                }
            }
        }

        Assert.True(texts.Count > 100, $"{texts.Count} texts found in the source");
        Assert.True(untranslated.Count == 0, "No French for:\n" + string.Join("\n", untranslated));
        Assert.True(english.Count == 0, "English left in:\n" + string.Join("\n", english));
    }

    [Fact]
    public void Holes_carry_their_values_and_english_pages_keep_the_original()
    {
        const string Message = "At most 5 codes every 15 minutes: use the last one received, or wait.";

        using (Culture("fr-FR"))
        {
            Assert.Equal("Au plus 5 codes toutes les 15 minutes : utilisez le dernier reçu, ou patientez.", DomainText.Translate(Message));
            Assert.Null(DomainText.Translate("A sentence nobody wrote."));
        }

        using (Culture("en"))
        {
            Assert.Equal(Message, DomainText.Translate(Message));
        }
    }

    // The literals that become a DomainException's message (but Forbidden's, shown as "Accès refusé") or a field's
    // rule, with interpolations as {0}, {1}…: the texts a user can be shown.
    private static List<string> SourceTexts()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Collab.sln")))
        {
            root = root.Parent;
        }

        var texts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root!.FullName, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (var pattern in new[] { Message(), Rule(), NirRule() })
            {
                foreach (Match match in pattern.Matches(source))
                {
                    var text = match.Groups["text"].Value;
                    var counter = 0;
                    texts.Add(match.Groups["interpolated"].Success ? Interpolation().Replace(text, _ => $"{{{counter++}}}") : text);
                }
            }
        }

        return [.. texts];
    }

    private static Scope Culture(string name) => new(name);

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

        public Scope(string name) => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = _before;
    }

    [GeneratedRegex(@"new(?: DomainException)?\(DomainErrorCode\.(?!Forbidden)[A-Za-z]+,\s*(?<interpolated>\$)?""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Message();

    [GeneratedRegex(@"new(?:\s*FieldError)?\(\s*""[a-zA-Z.]+"",\s*(?<interpolated>\$)?""(?<text>(?:[^""\\{]|\\.|\{[^{}""]*\})*)""")]
    private static partial Regex Rule();

    [GeneratedRegex(@"return\s+(?<interpolated>\$)?""(?<text>a NIR[^""]*|the key[^""]*)""")]
    private static partial Regex NirRule();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Hole();
}
