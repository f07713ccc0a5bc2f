namespace Collab.Contracts.Groups;

/// <summary>A member's role in a group.</summary>
public enum GroupRole
{
    /// <summary>A practitioner answering for the group.</summary>
    Doctor = 1,
    /// <summary>An assistant or medical secretary: sees what is addressed to the group.</summary>
    Assistant = 2,
    /// <summary>Manages the group's members.</summary>
    GroupAdmin = 3,
}
