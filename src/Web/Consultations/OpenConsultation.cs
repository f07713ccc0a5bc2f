using Collab.Contracts.Consultations;

namespace Collab.Web.Consultations;

/// <summary>A consultation with its health fields decrypted, for the participant who opened it.</summary>
public sealed record OpenConsultation(ConsultationView View, PatientIdentity Patient, string Question, string Description, string? Opinion)
{
    /// <summary>Identities replaced by rectifications, oldest first.</summary>
    public IReadOnlyList<PatientIdentity> PreviousPatients { get; init; } = [];

    /// <summary>Why the request was declined or cancelled.</summary>
    public string? Reason { get; init; }

    /// <summary>Why the patient opposes electronic exchange.</summary>
    public string? OppositionReason { get; init; }
}
