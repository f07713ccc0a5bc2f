namespace Collab.Contracts.Consultations;

/// <summary>What a <see cref="ConsultationEvent"/> reports.</summary>
public enum ConsultationEventKind
{
    /// <summary>An item was stored at <see cref="ConsultationEvent.Sequence"/>.</summary>
    Item = 1,
    /// <summary>The item at <see cref="ConsultationEvent.Sequence"/> was deleted by its author.</summary>
    Deleted = 2,
    /// <summary>The status moved.</summary>
    Status = 3,
    /// <summary>A participant has read up to <see cref="ConsultationEvent.Sequence"/>.</summary>
    Read = 4,
    /// <summary>A participant is typing (not stored).</summary>
    Typing = 5,
    /// <summary>A participant opened or left the consultation (not stored).</summary>
    Presence = 6,
    /// <summary>A participant started or joined the conversation's call (<c>Present</c>), or it ended (not stored).</summary>
    Call = 7,
}
