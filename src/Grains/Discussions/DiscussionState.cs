using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Conversations;
using Collab.Grains.Retention;

namespace Collab.Grains.Discussions;

/// <summary>Persisted state of <see cref="DiscussionGrain"/>: members and epochs; messages live in the item log.</summary>
public sealed class DiscussionState : IConversationState
{
    public Guid? Owner { get; set; }

    public string? Name { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Members in the order they joined (the owner first).</summary>
    public List<Guid> Members { get; set; } = [];

    /// <summary>The last place each member who joined later found there: they read from the next one on.</summary>
    public Dictionary<Guid, long> JoinedAfter { get; set; } = [];

    /// <summary>Grows at each join or leave: an epoch begun before is stale.</summary>
    public int MembersVersion { get; set; }

    public HashSet<Guid> Muted { get; set; } = [];

    /// <summary>The expiry's reminder and policy (30 days, or kept).</summary>
    public RetentionState Retention { get; set; } = new();

    /// <summary>Kept past 30 days by its owner (while every member's structure allows it).</summary>
    public bool Keep { get; set; }

    /// <summary>The last epoch destroyed with its day's messages (0: none yet).</summary>
    public int ExpiredThroughEpoch { get; set; }

    /// <summary>Messages sent before this were destroyed: the tombstone members see.</summary>
    public DateTimeOffset? ExpiredBefore { get; set; }

    /// <summary>Rows of an expiry committed with its certificate but not yet deleted (a crash in between): the next tick deletes them.</summary>
    public ShredScope? PendingShred { get; set; }

    public List<EpochState> Epochs { get; set; } = [];

    public long LastSequence { get; set; }

    public Dictionary<Guid, ReadState> ReadUpTo { get; set; } = [];

    public List<AuditEvent> PendingAudit { get; set; } = [];
}
