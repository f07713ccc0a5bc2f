namespace Collab.Contracts.Errors;

/// <summary>Domain error codes, mapped once to HTTP problem responses at the web edge.</summary>
public enum DomainErrorCode
{
    /// <summary>The input breaks a rule; <see cref="DomainException.Errors"/> names each field.</summary>
    InvalidInput = 1,

    /// <summary>The object does not exist (or the caller may not know that it does).</summary>
    NotFound = 2,

    /// <summary>The object already exists or the change conflicts with its current state.</summary>
    Conflict = 3,

    /// <summary>The caller is not allowed to do this.</summary>
    Forbidden = 4,

    /// <summary>Too many attempts: wait (throttling) or the account is locked for a while.</summary>
    TooManyAttempts = 5,

    /// <summary>The caller's credentials (password, code, device token) are wrong.</summary>
    Unauthenticated = 6,

    /// <summary>The object existed and was destroyed (its retention period ended, or it was erased).</summary>
    Gone = 7,

    /// <summary>
    /// What the caller encrypted or sealed for is no longer current (a new epoch began, a group's key
    /// version moved on): read again, encrypt again and retry. Answered as 409.
    /// </summary>
    Stale = 8,

    /// <summary>
    /// The platform cannot reach its database for a moment (a restart, a failover): nothing was changed; try again
    /// after <see cref="DomainException.RetryAfterSeconds"/>. Answered as 503.
    /// </summary>
    Unavailable = 9,
}
