using Collab.Contracts.Errors;

namespace Collab.Web.Consultations;

/// <summary>The patient in a <see cref="CreateConsultationRequest"/>; a null NIR means "not available".</summary>
public sealed record PatientRequest(string? LastName, string? FirstName, DateOnly? BirthDate, PatientSex? Sex, string? Nir)
{
    /// <summary>What is missing or wrong, each field named under <paramref name="prefix"/>.</summary>
    public static IEnumerable<FieldError> Problems(PatientRequest? patient, string prefix)
    {
        if (string.IsNullOrWhiteSpace(patient?.LastName))
        {
            yield return new($"{prefix}.lastName", CreateConsultationRequest.RequiredRule);
        }

        if (string.IsNullOrWhiteSpace(patient?.FirstName))
        {
            yield return new($"{prefix}.firstName", CreateConsultationRequest.RequiredRule);
        }

        if (patient?.BirthDate is null)
        {
            yield return new($"{prefix}.birthDate", CreateConsultationRequest.RequiredRule);
        }

        if (patient?.Nir is { } nir && Grains.Consultations.Nir.Problem(nir) is { } problem)
        {
            yield return new($"{prefix}.nir", problem);
        }
    }

    /// <summary>The identity as stored (trimmed, NIR compacted); call once <see cref="Problems"/> is empty.</summary>
    public PatientIdentity ToIdentity() =>
        new(LastName!.Trim(), FirstName!.Trim(), BirthDate!.Value, Sex ?? PatientSex.Other, Nir?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
}
