using System.Globalization;
using System.Text;
using Collab.Contracts.Errors;

namespace Collab.Web.Consultations;

/// <summary>Whom a patient export is about: the NIR, or last name, first name and birth date.</summary>
public sealed record PatientLookup(string? LastName, string? FirstName, DateOnly? BirthDate, string? Nir)
{
    public IReadOnlyList<FieldError> Problems()
    {
        if (!string.IsNullOrWhiteSpace(Nir))
        {
            return Grains.Consultations.Nir.Problem(Nir) is { } problem ? [new("nir", problem)] : [];
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(LastName))
        {
            errors.Add(new("lastName", "is required without a NIR"));
        }

        if (string.IsNullOrWhiteSpace(FirstName))
        {
            errors.Add(new("firstName", "is required without a NIR"));
        }

        if (BirthDate is null)
        {
            errors.Add(new("birthDate", "is required without a NIR"));
        }

        return errors;
    }

    /// <summary>The same NIR; or, when the lookup has none, the same names (case and accents aside) and birth date.</summary>
    public bool Matches(PatientIdentity patient) =>
        !string.IsNullOrWhiteSpace(Nir)
            ? patient.Nir is { } nir && Compact(nir) == Compact(Nir)
            : Fold(patient.LastName) == Fold(LastName) && Fold(patient.FirstName) == Fold(FirstName) && patient.BirthDate == BirthDate;

    private static string Compact(string nir) => nir.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Fold(string? name)
    {
        var decomposed = (name ?? "").Trim().Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return string.Concat(kept).Normalize(NormalizationForm.FormC).ToUpperInvariant();
    }
}
