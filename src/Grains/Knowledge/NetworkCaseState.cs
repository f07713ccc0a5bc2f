using Collab.Contracts.Knowledge;
using Collab.Grains.Audit;
using Collab.Grains.Retention;

namespace Collab.Grains.Knowledge;

/// <summary>Persisted state of <see cref="NetworkCaseGrain"/>: who and what, the case keys and the proposal; messages live in the item log.</summary>
public sealed class NetworkCaseState : IAuditedState
{
    public Guid? Asker { get; set; }

    public Guid Network { get; set; }

    public string NetworkName { get; set; } = "";

    public string Specialty { get; set; } = "";

    public AgeBand AgeBand { get; set; }

    public CaseSex Sex { get; set; }

    public bool RevealAsker { get; set; }

    public DateTimeOffset AskedAt { get; set; }

    public NetworkCaseStatus Status { get; set; }

    public byte[] SeatPublicKey { get; set; } = [];

    public byte[] SeatSealedToAsker { get; set; } = [];

    public List<CaseKeyView> Keys { get; set; } = [];

    public long LastSequence { get; set; }

    public CaseProposal? Proposal { get; set; }

    public string? PublishedId { get; set; }

    /// <summary>When the status last changed (the retention clock counts from it or from the last message).</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public RetentionState Retention { get; set; } = new();

    /// <summary>The consultation a case was made from (its requester is <see cref="Asker"/>, its answerer <see cref="CoAuthor"/>).</summary>
    public Guid? Consultation { get; set; }

    public Guid? CoAuthor { get; set; }

    public byte[] SeatSealedToCoAuthor { get; set; } = [];

    /// <summary>Who made the current proposal of a consultation's case: the other party consents.</summary>
    public Guid? ProposedBy { get; set; }

    /// <summary>Both parties consented once: the network's members read the case from then on.</summary>
    public bool Reviewable { get; set; }

    public List<AuditEvent> PendingAudit { get; set; } = [];
}
