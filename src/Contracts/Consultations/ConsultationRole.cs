namespace Collab.Contracts.Consultations;

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
