namespace Collab.Contracts.Consultations;

/// <summary>Where a tele-expertise request stands.</summary>
public enum ConsultationStatus
{
    /// <summary>Being written by the requester; nobody else sees it.</summary>
    Draft = 1,
    /// <summary>Sent to the required practitioner or group.</summary>
    Requested = 2,
    /// <summary>Taken by the required practitioner (or one member of the required group).</summary>
    Accepted = 3,
    /// <summary>The written opinion is given.</summary>
    Answered = 4,
    /// <summary>Finished; the retention timer runs from here.</summary>
    Closed = 5,
    /// <summary>Refused by the required party, with a reason.</summary>
    Declined = 6,
    /// <summary>Withdrawn by the requester, with a reason.</summary>
    Cancelled = 7,
}
