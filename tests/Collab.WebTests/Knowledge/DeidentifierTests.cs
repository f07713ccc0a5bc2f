using Collab.Web.Knowledge;

namespace Collab.WebTests.Knowledge;

public sealed class DeidentifierTests
{
    [Theory]
    [InlineData("NIR 1 85 05 75 115 423 57 connu", "NIR [NIR] connu")]
    [InlineData("NIR 185057511542357.", "NIR [NIR].")]
    [InlineData("sans clé 2850575115423 ici", "sans clé [NIR] ici")]
    [InlineData("Corse 1 85 05 2A 115 423 57", "Corse [NIR]")]
    public void NIR_shaped_numbers_are_removed_with_their_key(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Clean(text).Text);

    [Theory]
    [InlineData("appeler le 06 12 34 56 78 demain", "appeler le [téléphone] demain")]
    [InlineData("tel +33 6 12 34 56 78", "tel [téléphone]")]
    [InlineData("fixe 01.45.67.89.10", "fixe [téléphone]")]
    [InlineData("écrire à jean.dupont@example.org svp", "écrire à [e-mail] svp")]
    public void Phone_numbers_and_emails_are_removed(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Clean(text).Text);

    [Fact]
    public void The_cases_own_identities_are_removed_wherever_they_appear_whatever_the_case_and_accents()
    {
        var known = new Deidentifier.Known(["Jean-Pierre", "Dupont", "Hélène"], BirthDate: new DateOnly(1985, 5, 12));
        var result = Deidentifier.Clean("jean pierre DUPONT, né le 12/05/1985 (12 mai 1985), vu avec sa fille Helene Dupont.", known);
        Assert.Equal("[nom] [nom], né le [date de naissance] ([date de naissance]), vu avec sa fille [nom] [nom].", result.Text);
        Assert.Contains(result.Removed, r => r.Kind == Deidentifier.NameKind && r.Original == "DUPONT");
    }

    [Theory]
    [InlineData("ECG du 03/02/2026 normal", "ECG du février 2026 normal")]
    [InlineData("vu le 2026-02-03", "vu le février 2026")]
    [InlineData("opéré le 3 mars 2025.", "opéré le mars 2025.")]
    [InlineData("depuis le lundi 1er juin", "depuis le juin")]
    public void Exact_dates_keep_only_their_month_and_year(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Clean(text).Text);

    [Theory]
    [InlineData("adressé par le Dr Martin", "adressé par le Dr [nom]")]
    [InlineData("avis du Pr Claire Bernard", "avis du Pr [nom]")]
    [InlineData("Mme Durand consulte", "Mme [nom] consulte")]
    [InlineData("RPPS 10003456789 du médecin", "RPPS [identifiant] du médecin")]
    [InlineData("ADELI 751234568", "ADELI [identifiant]")]
    [InlineData("suivie à l'hôpital Lariboisière", "suivie à l'hôpital [lieu]")]
    [InlineData("transfert au CHU de Rennes hier", "transfert au CHU de [lieu] hier")]
    [InlineData("habite 12 rue de la Paix, 75002 Paris", "habite [adresse], [code postal]")]
    public void Practitioners_places_addresses_and_professional_numbers_are_removed(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Clean(text).Text);

    [Fact]
    public void Clinical_text_without_identifiers_passes_unchanged()
    {
        const string text = "Patiente de 45 ans, FA paroxystique, CHA2DS2-VASc à 3, traitée par apixaban 5 mg x2/j depuis 6 mois. "
            + "TSH 2,1 mUI/L, ECG : rythme sinusal à 72/min, QRS 90 ms. Holter de 24 h prévu en mars 2026.";
        var result = Deidentifier.Clean(text);
        Assert.True(result.IsClean, string.Join(", ", result.Removed.Select(r => r.Original)));
        Assert.Equal(text, result.Text);
    }
}
