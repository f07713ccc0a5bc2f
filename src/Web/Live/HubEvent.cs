using Collab.Contracts.Consultations;

namespace Collab.Web.Live;

/// <summary>Any other consultation event (status, read receipt, typing, presence) as hub clients receive it.</summary>
public sealed record HubEvent(Guid Consultation, ConsultationEventKind Kind, long Sequence, Guid? By, DateTimeOffset At, ConsultationStatus? Status, bool Present)
{
    public static HubEvent Of(ConsultationEvent e) => new(e.Consultation, e.Kind, e.Sequence, e.By?.Value, e.At, e.Status, e.Present);
}
