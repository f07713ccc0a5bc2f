using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>
/// A new request: whom it is for, its health fields (Content envelopes at epoch 1, sequences −1,
/// −2, −3, the opposition reason at −5) and the seal of epoch 1's key to the requester and the addressee.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationDraft(
    [property: Id(0)] PractitionerId? RequiredPractitioner,
    [property: Id(1)] Guid? RequiredGroup,
    [property: Id(2)] byte[] PatientIdentity,
    [property: Id(3)] byte[] Question,
    [property: Id(4)] byte[] Description,
    [property: Id(5)] bool PatientOpposes,
    [property: Id(6)] byte[]? OppositionReason,
    [property: Id(7)] bool ConsentToShare,
    [property: Id(8)] EpochSeal FirstEpoch);
