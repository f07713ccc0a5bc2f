using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>A consultation as a participant sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ConsultationStatus Status,
    [property: Id(2)] PractitionerId Requester,
    [property: Id(3)] PractitionerId? RequiredPractitioner,
    [property: Id(4)] Guid? RequiredGroup,
    [property: Id(5)] PractitionerId? AcceptedBy,
    [property: Id(6)] IReadOnlyDictionary<ConsultationStatus, DateTimeOffset> Timeline,
    [property: Id(7)] byte[] PatientIdentity,
    [property: Id(8)] byte[] Question,
    [property: Id(9)] byte[] Description,
    [property: Id(10)] byte[]? Opinion,
    [property: Id(11)] byte[]? Reason,
    [property: Id(12)] ConsultationRole CallerRole,
    [property: Id(13)] IReadOnlyList<ConsultationAction> AvailableActions,
    [property: Id(14)] IReadOnlyList<ReadReceipt> ReadReceipts,
    [property: Id(15)] long LastSequence,
    [property: Id(16)] string? ActCode,
    [property: Id(17)] BillingStatus Billing,
    [property: Id(18)] bool PatientOpposes,
    [property: Id(19)] bool ConsentToShare,
    [property: Id(20)] Retention.RetentionPolicy? Retention = null,
    [property: Id(21)] DateTimeOffset? DestroyAt = null,
    [property: Id(22)] IReadOnlyList<byte[]>? PreviousPatientIdentities = null,
    [property: Id(23)] byte[]? OppositionReason = null,
    [property: Id(24)] string? LegacyReason = null,
    [property: Id(25)] string? LegacyOppositionReason = null);
