namespace Collab.Contracts.Consultations;

/// <summary>Which inbox list to show.</summary>
public enum InboxBox
{
    /// <summary>Requests the practitioner made.</summary>
    Sent = 1,
    /// <summary>Requests addressed to the practitioner by name.</summary>
    Received = 2,
    /// <summary>Requests addressed to one of the practitioner's groups.</summary>
    Groups = 3,
}
