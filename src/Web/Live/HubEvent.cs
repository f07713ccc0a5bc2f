using Collab.Contracts.Consultations;

namespace Collab.Web.Live;

/// <summary>Any other consultation event (status, read receipt, typing, presence) as hub clients receive it.</summary>
public sealed record HubEvent(Guid Consultation, ConsultationEventKind Kind, long Sequence, Guid? By, DateTimeOffset At, ConsultationStatus? Status, bool Present);
