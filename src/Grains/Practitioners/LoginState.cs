using Collab.Contracts.Practitioners;

namespace Collab.Grains.Practitioners;

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

    public List<PasskeyState> Passkeys { get; set; } = [];

    /// <summary>The WebAuthn options of the ceremony under way (creation or request), until it completes or expires.</summary>
    public string? PasskeyCeremony { get; set; }

    /// <summary>Whether <see cref="PasskeyCeremony"/> adds a passkey (else it logs in).</summary>
    public bool PasskeyCeremonyCreates { get; set; }

    public DateTimeOffset? PasskeyCeremonyExpiresAt { get; set; }
}
