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
