using Collab.Contracts.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>What the request form collects (before encryption).</summary>
public sealed record RequestInput(
    PractitionerId? RequiredPractitioner,
    Guid? RequiredGroup,
    PatientIdentity Patient,
    string Question,
    string Description,
    bool PatientOpposes,
    string? OppositionReason,
    bool ConsentToShare);
