using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>A consultation in the inbox of <see cref="Practitioner"/> changed.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxEvent(
    [property: Id(0)] PractitionerId Practitioner,
    [property: Id(1)] Guid Consultation,
    [property: Id(2)] ConsultationStatus Status);
