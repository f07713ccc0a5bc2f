namespace Collab.Grains.Consultations;

/// <summary>Persisted state of <see cref="ConsultationGrain"/>: small, whatever the number of items.</summary>
public sealed class ConsultationState : Conversations.IConversationState
{
    public Guid? Requester { get; set; }

    public Guid? RequiredPractitioner { get; set; }

    public Guid? RequiredGroup { get; set; }

    public Guid? AcceptedBy { get; set; }

    public Contracts.Consultations.ConsultationStatus Status { get; set; } = Contracts.Consultations.ConsultationStatus.Draft;

    public Dictionary<Contracts.Consultations.ConsultationStatus, DateTimeOffset> Timeline { get; set; } = [];

    public byte[] PatientIdentity { get; set; } = [];

    /// <summary>Identities replaced by a rectification, oldest first, still encrypted (epoch 1, sequence −1).</summary>
    public List<byte[]> PreviousPatientIdentities { get; set; } = [];

    public byte[] Question { get; set; } = [];

    public byte[] Description { get; set; } = [];

    public byte[]? Opinion { get; set; }

    public bool PatientOpposes { get; set; }

    /// <summary>Why the patient opposes, encrypted (epoch 1, ConsultationFields.OppositionReason).</summary>
    public byte[]? OppositionReasonSealed { get; set; }

    public bool ConsentToShare { get; set; }

    /// <summary>Why the request was declined or cancelled, encrypted (epoch 1, ConsultationFields.Reason).</summary>
    public byte[]? ReasonSealed { get; set; }

    /// <summary>A reason stored in clear before reasons were encrypted; the first participant who opens it seals it.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("Reason")]
    public string? LegacyReason { get; set; }

    /// <summary>An opposition reason stored in clear before reasons were encrypted; sealed like <see cref="LegacyReason"/>.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("OppositionReason")]
    public string? LegacyOppositionReason { get; set; }

    public string? ActCode { get; set; }

    public Contracts.Consultations.BillingStatus Billing { get; set; }

    /// <summary>When the 5-day reminder went out (once per request).</summary>
    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>How far each participant has read, and when.</summary>
    public Dictionary<Guid, ReadState> ReadUpTo { get; set; } = [];

    /// <summary>The required party's own retention for this consultation, if set.</summary>
    public Contracts.Retention.RetentionPolicy? RetentionOverride { get; set; }

    public Retention.RetentionState Retention { get; set; } = new();

    public List<EpochState> Epochs { get; set; } = [];

    public long LastSequence { get; set; }

    public List<Audit.AuditEvent> PendingAudit { get; set; } = [];
}
