namespace Collab.Grains.Consultations;

/// <summary>Persisted state of <see cref="ConsultationGrain"/>: small, whatever the number of items.</summary>
public sealed class ConsultationState : Audit.IAuditedState
{
    public List<EpochState> Epochs { get; set; } = [];

    public long LastSequence { get; set; }

    public List<Audit.AuditEvent> PendingAudit { get; set; } = [];
}

public sealed class EpochState
{
    public int Epoch { get; set; }

    public Dictionary<Guid, byte[]> SealedToParticipants { get; set; } = [];

    public Guid? Group { get; set; }

    public int GroupVersion { get; set; }

    public byte[]? SealedToGroup { get; set; }
}
