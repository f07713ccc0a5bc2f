using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;

namespace Collab.Grains.Practitioners;

/// <summary>Persisted state of <see cref="PractitionerGrain"/> (System.Text.Json in PostgreSQL).</summary>
public sealed class PractitionerState : IAuditedState
{
    public PractitionerProfile? Profile { get; set; }

    public bool IsOperator { get; set; }

    public int AcceptedTermsVersion { get; set; }

    public UserKeyMaterial? Keys { get; set; }

    public LoginState Login { get; set; } = new();

    public List<Guid> Groups { get; set; } = [];

    public DateTimeOffset LastActivityAt { get; set; }

    public DateTimeOffset? LastInactivityWarningAt { get; set; }

    public bool SmsNotifications { get; set; }

    /// <summary>When the holder last proved they read the account's email address (a code sent there, typed back).</summary>
    public DateTimeOffset? EmailProvedAt { get; set; }

    /// <summary>A new address the holder asked for, until the code sent there comes back.</summary>
    public string? PendingEmail { get; set; }

    public byte[]? EmailCodeHash { get; set; }

    public DateTimeOffset? EmailCodeExpiresAt { get; set; }

    /// <summary>When the last proof codes were sent (within the code window).</summary>
    public List<DateTimeOffset> EmailCodesSentAt { get; set; } = [];

    /// <summary>When Pro Santé Connect last proved that the holder is the professional this account names.</summary>
    public DateTimeOffset? ProvedByPscAt { get; set; }

    /// <summary>The proof of identity sent with the pending account (its ciphertext in the attachment store); gone once decided.</summary>
    public IdentityDocument? IdentityDocument { get; set; }

    public DateTimeOffset? IdentityDocumentUploadedAt { get; set; }

    /// <summary>The latest unusual-access flags on this account (at most 100).</summary>
    public List<AccessFlag> Flags { get; set; } = [];

    /// <summary>When the holder was told their account may be restricted; cleared on reactivation.</summary>
    public DateTimeOffset? RestrictionWarnedAt { get; set; }

    public List<AuditEvent> PendingAudit { get; set; } = [];
}
