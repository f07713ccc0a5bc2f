namespace Collab.Grains.Access;

/// <summary>Persisted state of <see cref="LoginThrottleGrain"/>; no row exists while there is no failure to remember.</summary>
public sealed class LoginThrottleState
{
    public int Failures { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
