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

    /// <summary>The latest unusual-access flags on this account (at most 100).</summary>
    public List<AccessFlag> Flags { get; set; } = [];

    /// <summary>When the holder was told their account may be restricted; cleared on reactivation.</summary>
    public DateTimeOffset? RestrictionWarnedAt { get; set; }

    public List<AuditEvent> PendingAudit { get; set; } = [];
}

/// <summary>Second factors. Failures, delays and the lock are the login throttle's (LoginThrottleGrain), keyed by the email.</summary>
public sealed class LoginState
{
    /// <summary>Set when the password was right, until the second factor is.</summary>
    public DateTimeOffset? PasswordVerifiedAt { get; set; }

    public byte[]? CodeHash { get; set; }

    public DateTimeOffset? CodeExpiresAt { get; set; }

    public SecondFactor? CodeChannel { get; set; }

    /// <summary>When the last one-time codes were sent (within the code window).</summary>
    public List<DateTimeOffset> CodesSentAt { get; set; } = [];

    /// <summary>The authenticator in use (with <see cref="TotpEnabled"/>).</summary>
    public string? TotpSecret { get; set; }

    /// <summary>A new authenticator's secret, until its first code confirms it.</summary>
    public string? PendingTotpSecret { get; set; }

    public bool TotpEnabled { get; set; }

    public long LastTotpStep { get; set; }

    public List<DeviceState> Devices { get; set; } = [];
}

public sealed class DeviceState
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public byte[] TokenHash { get; set; } = [];

    public DateTimeOffset RememberedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
