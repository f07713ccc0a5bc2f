using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Conversations;

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

    public List<EpochState> Epochs { get; set; } = [];

    public long LastSequence { get; set; }

    public Dictionary<Guid, ReadState> ReadUpTo { get; set; } = [];

    public List<AuditEvent> PendingAudit { get; set; } = [];
}
