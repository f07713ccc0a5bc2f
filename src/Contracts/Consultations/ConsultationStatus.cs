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

/// <summary>What a participant does to a consultation's status.</summary>
public enum ConsultationAction
{
    /// <summary>The requester sends the draft.</summary>
    Send = 1,
    /// <summary>The required party takes the request.</summary>
    Accept = 2,
    /// <summary>The one who accepted gives the opinion.</summary>
    Answer = 3,
    /// <summary>The requester or the one who answered closes it.</summary>
    Close = 4,
    /// <summary>The required party refuses, with a reason.</summary>
    Decline = 5,
    /// <summary>The requester withdraws, with a reason.</summary>
    Cancel = 6,
}

/// <summary>The part a caller plays in a consultation, which decides what they may do.</summary>
public enum ConsultationRole
{
    /// <summary>Not a participant.</summary>
    None = 0,
    /// <summary>Asked for the opinion.</summary>
    Requester = 1,
    /// <summary>The required practitioner, or a confirmed member of the required group.</summary>
    Required = 2,
    /// <summary>The required party who accepted it.</summary>
    Accepter = 3,
}
