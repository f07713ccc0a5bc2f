using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Collab.Web.Knowledge;

/// <summary>
/// The de-identification gate a case passes before the knowledge base (docs/knowledge.md, "What the gate removes"):
/// it redacts what identifies and says what it removed, so the author can check and edit. It runs in the web layer, on
/// text decrypted in the author's session, and again on the reviewer's side before publication. It detects the case's
/// own identities given to it (the patient's names, NIR and birth date; the practitioners' and places' names), any
/// NIR-shaped number with or without its key, phone numbers, e-mail addresses, postal addresses and postcodes, exact
/// dates (kept as month and year), RPPS/ADELI and other long numbers, and names after a title (Dr, Pr, M., Mme…) or a
/// kind of place (hôpital, clinique, CHU…). What it cannot know (a rare disease in a small town, a name without a
/// title that nobody gave it) is the author's and the reviewer's to see.
/// </summary>
public static partial class Deidentifier
{
    /// <summary>What the case itself says identifies someone: removed wherever it appears, accents and case ignored.</summary>
    public sealed record Known(IReadOnlyList<string>? Names = null, string? Nir = null, DateOnly? BirthDate = null, IReadOnlyList<string>? Places = null);

    /// <summary>One thing removed: its kind, what it was (shown to the author only) and what replaced it.</summary>
    public sealed record Removal(string Kind, string Original, string Replacement);

    public sealed record Result(string Text, IReadOnlyList<Removal> Removed)
    {
        public bool IsClean => Removed.Count == 0;
    }

    public const string NameKind = "name";
    public const string NirKind = "nir";
    public const string PhoneKind = "phone";
    public const string EmailKind = "email";
    public const string AddressKind = "address";
    public const string DateKind = "date";
    public const string IdentifierKind = "identifier";
    public const string PractitionerKind = "practitioner";
    public const string PlaceKind = "place";

    // Words that come with a name and are none (a name given as "Dr Paul Moreau"): the title patterns below handle them.
    private static readonly HashSet<string> Titles = new(["Dr", "Dr.", "Docteur", "Pr", "Pr.", "Professeur", "M.", "Mme", "Mlle"], StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Months =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>The text with every identifier found replaced, and the list of what was removed.</summary>
    public static Result Clean(string text, Known? known = null)
    {
        var removed = new List<Removal>();
        known ??= new Known();

        // E-mail addresses whole first (they may hold a name); then the case's own identities, which may hide inside
        // what the patterns below would cut differently.
        text = Replace(text, EmailPattern(), EmailKind, _ => "[e-mail]", removed);
        if (known.BirthDate is { } birth)
        {
            text = Replace(text, BirthDatePattern(birth), DateKind, _ => "[date de naissance]", removed);
        }

        foreach (var name in (known.Names ?? []).Where(n => n.Trim().Length >= 2 && !Titles.Contains(n.Trim())).OrderByDescending(n => n.Length))
        {
            text = Replace(text, LiteralPattern(name), NameKind, _ => "[nom]", removed);
        }

        foreach (var place in (known.Places ?? []).Where(p => p.Trim().Length >= 2).OrderByDescending(p => p.Length))
        {
            text = Replace(text, LiteralPattern(place), PlaceKind, _ => "[lieu]", removed);
        }

        text = Replace(text, NirPattern(), NirKind, _ => "[NIR]", removed);
        text = Replace(text, PhonePattern(), PhoneKind, _ => "[téléphone]", removed);
        text = Replace(text, StreetPattern(), AddressKind, _ => "[adresse]", removed);
        text = Replace(text, PostcodePattern(), AddressKind, _ => "[code postal]", removed);
        text = Replace(text, NumericDatePattern(), DateKind, m => MonthYear(m.Groups["month"].Value, m.Groups["year"].Value), removed);
        text = Replace(text, IsoDatePattern(), DateKind, m => MonthYear(m.Groups["month"].Value, m.Groups["year"].Value), removed);
        text = Replace(text, WrittenDatePattern(), DateKind, m => m.Groups["year"].Success ? $"{m.Groups["month"].Value} {m.Groups["year"].Value}" : m.Groups["month"].Value, removed);
        text = Replace(text, LongNumberPattern(), IdentifierKind, _ => "[identifiant]", removed);
        text = Replace(text, PractitionerPattern(), PractitionerKind, m => m.Groups["title"].Value + " [nom]", removed);
        text = Replace(text, PersonPattern(), NameKind, m => m.Groups["title"].Value + " [nom]", removed);
        text = Replace(text, PlacePattern(), PlaceKind, m => m.Groups["kind"].Value + " [lieu]", removed);
        return new Result(text, removed);
    }

    private static string Replace(string text, Regex pattern, string kind, Func<Match, string> replacement, List<Removal> removed) =>
        pattern.Replace(text, m =>
        {
            var by = replacement(m);
            removed.Add(new Removal(kind, m.Value, by));
            return by;
        });

    private static string MonthYear(string month, string year)
    {
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var y = year.Length == 2 ? "20" + year : year;
        return m is >= 1 and <= 12 ? $"{Months[m - 1]} {y}" : $"[date] {y}";
    }

    // A literal, accents and case ignored, spaces and hyphens interchangeable, on word boundaries.
    private static Regex LiteralPattern(string literal)
    {
        var pattern = new StringBuilder(@"(?<![\p{L}\p{N}])");
        foreach (var c in Fold(literal.Trim()))
        {
            pattern.Append(c switch
            {
                ' ' or '-' or '\'' => @"[\s\-']+",
                _ => Accented(c),
            });
        }

        pattern.Append(@"(?![\p{L}\p{N}])");
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static Regex BirthDatePattern(DateOnly birth)
    {
        var day = $"0?{birth.Day}";
        var month = $"0?{birth.Month}";
        var year = $"(?:{birth.Year}|{birth.Year % 100:00})";
        var written = $@"{day}(?:er)?\s+{Accented(Months[birth.Month - 1])}\s+{birth.Year}";
        return new Regex($@"(?<!\d)(?:{day}[/.\-]{month}[/.\-]{year}|{birth.Year}-{birth.Month:00}-{birth.Day:00}|{written})(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    // Each letter matches itself with or without its accents.
    private static string Accented(string word) => string.Concat(word.Select(c => Accented(c)));

    private static string Accented(char c) => char.ToLowerInvariant(Fold(c.ToString())[0]) switch
    {
        'a' => "[aàâä]",
        'c' => "[cç]",
        'e' => "[eéèêë]",
        'i' => "[iîï]",
        'o' => "[oôö]",
        'u' => "[uùûü]",
        'y' => "[yÿ]",
        var other => Regex.Escape(other.ToString()),
    };

    private static string Fold(string text) =>
        new(text.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Sex, year, month (or 20–42, 50+ for special cases), department (2A/2B), commune, order, then an optional key.
    [GeneratedRegex(@"(?<![\d])[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2[ABab])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex NirPattern();

    [GeneratedRegex(@"(?<![\d])(?:(?:\+|00)\s?33\s?\(?0?\)?\s?[1-9]|0[1-9])(?:[\s.\-]?\d{2}){4}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|place|allée|allee|impasse|route|quai|cours|square|rond-point|lieu-dit|résidence|residence)\b[^,\n.;]{0,60}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StreetPattern();

    [GeneratedRegex(@"(?<![\d])(?:0[1-9]|[1-8]\d|9[0-8])\d{3}\s+\p{Lu}[\p{L}\-']+(?:[\s\-]\p{Lu}[\p{L}\-']+)*", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"(?<![\d/])(?<day>0?[1-9]|[12]\d|3[01])[/.\-](?<month>0?[1-9]|1[0-2])[/.\-](?<year>(?:19|20)\d{2}|\d{2})(?![\d/])", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDatePattern();

    [GeneratedRegex(@"(?<![\d])(?<year>(?:19|20)\d{2})-(?<month>0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(?:1er|[12]?\d|3[01])\s+(?<month>janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)(?:\s+(?<year>(?:19|20)\d{2}))?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WrittenDatePattern();

    // RPPS (11 digits), ADELI and FINESS (9), and any other run of 9 or more digits.
    [GeneratedRegex(@"(?<![\d])\d(?:[\s.]?\d){8,}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumberPattern();

    [GeneratedRegex(@"\b(?<title>Dr\.?|Docteure?|Pr\.?|Professeure?|Drs)\s+(?:\p{Lu}\.?\s*)?\p{Lu}[\p{L}\-']+(?:[\s\-]\p{Lu}[\p{L}\-']+)?", RegexOptions.CultureInvariant)]
    private static partial Regex PractitionerPattern();

    [GeneratedRegex(@"\b(?<title>M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle)\s+(?:\p{Lu}\.?\s*)?\p{Lu}[\p{L}\-']+(?:[\s\-]\p{Lu}[\p{L}\-']+)?", RegexOptions.CultureInvariant)]
    private static partial Regex PersonPattern();

    [GeneratedRegex(@"\b(?<kind>(?:h[ôo]pital|clinique|CHU|CHR|CH|centre hospitalier|EHPAD|maternité|cabinet|maison de santé|polyclinique)(?:\s+(?:de|du|des|d'|de la|universitaire de))?)\s+(?:\p{Lu}[\p{L}\-']+)(?:[\s\-]+(?:\p{Lu}[\p{L}\-']+|de|du|la|sur|sous|en))*", RegexOptions.CultureInvariant)]
    private static partial Regex PlacePattern();
}
