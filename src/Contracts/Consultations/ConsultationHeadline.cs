namespace Collab.Contracts.Consultations;

/// <summary>
/// What an inbox row or the home page needs of a consultation: who must act, and the patient and question still
/// encrypted (the participant's session opens them for the rows it shows).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationHeadline(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ConsultationStatus Status,
    [property: Id(2)] ConsultationRole CallerRole,
    [property: Id(3)] IReadOnlyList<ConsultationAction> AvailableActions,
    [property: Id(4)] byte[] PatientIdentity,
    [property: Id(5)] byte[] Question,
    [property: Id(6)] bool Unread);
