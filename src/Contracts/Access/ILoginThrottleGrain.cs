namespace Collab.Contracts.Access;

/// <summary>
/// The one throttle for every place a password, a recovery code or a second factor is checked, keyed by the
/// login identifier (a digest of the normalised email) rather than by account: an unknown email is throttled
/// and locked exactly like a known one, so neither the answers nor their timing tell whether an account exists.
/// From the 4th consecutive failure each attempt waits 2, 4, 8 … 64 s; the 10th locks for 15 minutes.
/// </summary>
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>TooManyAttempts (with the seconds to wait) while throttled or locked; the refusal is traced.</summary>
    Task Check(Caller caller);

    /// <summary>
    /// A wrong secret: counts toward the delays and the lock. True when this failure locked the identifier.
    /// <paramref name="action"/>, when given, is traced here (an attempt on an identifier no account has: nobody else traces it).
    /// </summary>
    Task<bool> Fail(Caller caller, string? action = null);

    /// <summary>A completed login or recovery: the count starts again.</summary>
    Task Reset();
}
