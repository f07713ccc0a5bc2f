namespace Collab.Contracts.Groups;

/// <summary>Where a member stands in joining.</summary>
public enum MembershipState
{
    /// <summary>Invited, not yet accepted.</summary>
    Invited = 1,
    /// <summary>Accepted, waiting for a ring holder to confirm (seal the keys).</summary>
    Accepted = 2,
    /// <summary>Holds the group's keys.</summary>
    Confirmed = 3,
}
