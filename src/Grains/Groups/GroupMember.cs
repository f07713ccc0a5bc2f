using Collab.Contracts.Groups;

namespace Collab.Grains.Groups;

public sealed class GroupMember
{
    public GroupRole Role { get; set; }

    public MembershipState State { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>Who invited them (null: the platform itself).</summary>
    public Guid? InvitedBy { get; set; }

    /// <summary>
    /// True when the invitation came from outside the ring (a structure administrator or the operator): keys are
    /// shared only when a confirmed group admin decides so, never automatically.
    /// </summary>
    public bool AwaitsGroupAdmin { get; set; }
}
