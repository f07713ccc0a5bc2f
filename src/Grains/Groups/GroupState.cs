using Collab.Contracts.Groups;

namespace Collab.Grains.Groups;

/// <summary>Persisted state of <see cref="GroupGrain"/>.</summary>
public sealed class GroupState : Audit.IAuditedState
{
    public GroupInfo? Info { get; set; }

    public Dictionary<Guid, GroupMember> Members { get; set; } = [];

    /// <summary>Key versions, oldest first; each holds one sealed copy per confirmed member.</summary>
    public List<GroupKeyVersion> Versions { get; set; } = [];

    public Contracts.Retention.RetentionPolicy? Retention { get; set; }

    public List<Audit.AuditEvent> PendingAudit { get; set; } = [];
}

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

public sealed class GroupKeyVersion
{
    public int Version { get; set; }

    public byte[] PublicKey { get; set; } = [];

    public Dictionary<Guid, byte[]> SealedToMembers { get; set; } = [];
}
