using Collab.Contracts.Structures;
using Collab.Grains.Audit;

namespace Collab.Grains.Structures;

/// <summary>Persisted state of <see cref="StructureGrain"/>.</summary>
public sealed class StructureState : IAuditedState
{
    public StructureInfo? Info { get; set; }

    public List<Guid> Admins { get; set; } = [];

    public byte[]? RecoveryPublicKey { get; set; }

    public Contracts.Retention.RetentionPolicy? Retention { get; set; }

    /// <summary>Whether the structure forbids keeping discussions past 30 days (its staff's discussions then expire).</summary>
    public bool ForbidsDiscussionKeep { get; set; }

    /// <summary>When the last restitution export was made (an end of contract needs one).</summary>
    public DateTimeOffset? ExportedAt { get; set; }

    /// <summary>When the contract ended; the structure is then gone (Info null) but its id stays taken.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The recovery private key, sealed to each administrator who holds it.</summary>
    public Dictionary<Guid, byte[]> RecoverySealedToAdmins { get; set; } = [];

    public List<AuditEvent> PendingAudit { get; set; } = [];
}
