using System.Text.RegularExpressions;

namespace Collab.Grains.Knowledge;

/// <summary>
/// The bundled ICD-10 (CIM-10) list: its 22 chapters with their code ranges, some blocks, and the codes the demo and
/// the common cases use, with their French labels. A code is accepted when it is well formed and its category falls
/// in a chapter; its label is known only for the listed ones.
/// </summary>
public static partial class Icd10
{
    public sealed record Chapter(string Number, string From, string To, string Label);

    public static readonly IReadOnlyList<Chapter> Chapters =
    [
        new Chapter("I", "A00", "B99", "Certaines maladies infectieuses et parasitaires"),
        new Chapter("II", "C00", "D48", "Tumeurs"),
        new Chapter("III", "D50", "D89", "Maladies du sang et des organes hématopoïétiques"),
        new Chapter("IV", "E00", "E90", "Maladies endocriniennes, nutritionnelles et métaboliques"),
        new Chapter("V", "F00", "F99", "Troubles mentaux et du comportement"),
        new Chapter("VI", "G00", "G99", "Maladies du système nerveux"),
        new Chapter("VII", "H00", "H59", "Maladies de l'œil et de ses annexes"),
        new Chapter("VIII", "H60", "H95", "Maladies de l'oreille et de l'apophyse mastoïde"),
        new Chapter("IX", "I00", "I99", "Maladies de l'appareil circulatoire"),
        new Chapter("X", "J00", "J99", "Maladies de l'appareil respiratoire"),
        new Chapter("XI", "K00", "K93", "Maladies de l'appareil digestif"),
        new Chapter("XII", "L00", "L99", "Maladies de la peau et du tissu cellulaire sous-cutané"),
        new Chapter("XIII", "M00", "M99", "Maladies du système ostéo-articulaire, des muscles et du tissu conjonctif"),
        new Chapter("XIV", "N00", "N99", "Maladies de l'appareil génito-urinaire"),
        new Chapter("XV", "O00", "O99", "Grossesse, accouchement et puerpéralité"),
        new Chapter("XVI", "P00", "P96", "Certaines affections dont l'origine se situe dans la période périnatale"),
        new Chapter("XVII", "Q00", "Q99", "Malformations congénitales et anomalies chromosomiques"),
        new Chapter("XVIII", "R00", "R99", "Symptômes, signes et résultats anormaux d'examens"),
        new Chapter("XIX", "S00", "T98", "Lésions traumatiques, empoisonnements et autres conséquences de causes externes"),
        new Chapter("XX", "V01", "Y98", "Causes externes de morbidité et de mortalité"),
        new Chapter("XXI", "Z00", "Z99", "Facteurs influant sur l'état de santé et motifs de recours aux services de santé"),
        new Chapter("XXII", "U00", "U99", "Codes d'utilisation particulière"),
    ];

    /// <summary>Blocks (a range of categories within a chapter) the list names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Blocks = new Dictionary<string, string>
    {
        ["C43-C44"] = "Mélanome et autres tumeurs malignes de la peau",
        ["E10-E14"] = "Diabète sucré",
        ["I10-I15"] = "Maladies hypertensives",
        ["I20-I25"] = "Cardiopathies ischémiques",
        ["I30-I52"] = "Autres formes de cardiopathies",
        ["J40-J47"] = "Maladies chroniques des voies respiratoires inférieures",
        ["L20-L30"] = "Dermatoses et eczémas",
        ["L40-L45"] = "Lésions papulo-squameuses",
        ["M50-M54"] = "Autres dorsopathies",
        ["R00-R09"] = "Symptômes et signes relatifs aux appareils circulatoire et respiratoire",
    };

    /// <summary>The listed codes and their labels.</summary>
    public static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string>
    {
        ["C43"] = "Mélanome malin de la peau",
        ["D22"] = "Naevus à cellules mélaniques",
        ["E11"] = "Diabète sucré de type 2",
        ["F32"] = "Épisodes dépressifs",
        ["G43"] = "Migraine",
        ["I10"] = "Hypertension essentielle (primitive)",
        ["I21"] = "Infarctus aigu du myocarde",
        ["I48"] = "Fibrillation et flutter auriculaires",
        ["I49"] = "Autres arythmies cardiaques",
        ["I50"] = "Insuffisance cardiaque",
        ["J44"] = "Autres maladies pulmonaires obstructives chroniques",
        ["J45"] = "Asthme",
        ["K21"] = "Reflux gastro-œsophagien",
        ["L20"] = "Dermite atopique",
        ["L30.9"] = "Dermite, sans précision",
        ["L40"] = "Psoriasis",
        ["M54.5"] = "Lombalgie basse",
        ["N39.0"] = "Infection des voies urinaires, siège non précisé",
        ["R00.2"] = "Palpitations",
        ["R07.4"] = "Douleur thoracique, sans précision",
        ["R55"] = "Syncope et collapsus",
    };

    /// <summary>The code in its canonical form (upper case, with its dot), or null when it is not an ICD-10 code of the list's chapters.</summary>
    public static string? Normalize(string? code)
    {
        var text = (code ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (text.Length > 3 && text[3] != '.')
        {
            text = text[..3] + "." + text[3..];
        }

        return CodePattern().IsMatch(text) && ChapterOf(text) is not null ? text : null;
    }

    /// <summary>The chapter (Roman numeral) a well-formed code falls in, or null.</summary>
    public static string? ChapterOf(string code)
    {
        var category = code.Length >= 3 ? code[..3].ToUpperInvariant() : "";
        return Chapters.FirstOrDefault(c => string.CompareOrdinal(category, c.From) >= 0 && string.CompareOrdinal(category, c.To) <= 0)?.Number;
    }

    /// <summary>A code's label: its own when listed, else its category's, else its chapter's.</summary>
    public static string Label(string code) =>
        Codes.TryGetValue(code, out var label) ? label
        : Codes.TryGetValue(code[..3], out var category) ? category
        : Chapters.FirstOrDefault(c => c.Number == ChapterOf(code))?.Label ?? code;

    /// <summary>A chapter's label, for the facet.</summary>
    public static string ChapterLabel(string number) => Chapters.FirstOrDefault(c => c.Number == number)?.Label ?? number;

    [GeneratedRegex(@"^[A-Z][0-9]{2}(\.[0-9]{1,2})?$")]
    private static partial Regex CodePattern();
}
