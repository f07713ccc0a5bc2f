namespace Collab.Contracts.Consultations;

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
