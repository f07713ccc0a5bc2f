using Collab.Contracts.Knowledge;
using Collab.Grains.Audit;

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

    public List<AuditEvent> PendingAudit { get; set; } = [];
}
