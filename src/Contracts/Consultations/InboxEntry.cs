using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>One line of an inbox: no health data, only parties, status and dates.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxEntry(
    [property: Id(0)] Guid Consultation,
    [property: Id(1)] ConsultationStatus Status,
    [property: Id(2)] PractitionerId Requester,
    [property: Id(3)] PractitionerId? RequiredPractitioner,
    [property: Id(4)] Guid? RequiredGroup,
    [property: Id(5)] PractitionerId? AcceptedBy,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset? RequestedAt,
    [property: Id(8)] DateTimeOffset? DestroyAt = null);
