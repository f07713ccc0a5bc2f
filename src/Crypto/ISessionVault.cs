namespace Collab.Crypto;

/// <summary>
/// Where the web nodes share their sessions, so that any node serves any logged-in user: each record holds the
/// session's private key sealed under the secret only the user's cookie carries, so the vault — and whoever reads
/// it — holds no usable key. Deleting a record ends the session on every node that has not cached it; the nodes
/// that have are told through the session broadcast.
/// </summary>
public interface ISessionVault
{
    Task SaveAsync(SessionRecord session, CancellationToken cancellationToken = default);

    /// <summary>The session if it exists and has not expired at <paramref name="now"/>.</summary>
    Task<SessionRecord?> FindAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every session of <paramref name="user"/> but <paramref name="except"/>.</summary>
    Task DeleteAllAsync(Guid user, Guid? except, CancellationToken cancellationToken = default);

    /// <summary>The live sessions of <paramref name="user"/> on every node.</summary>
    Task<IReadOnlyList<SessionRecord>> OfUserAsync(Guid user, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="sessionIds"/> the vault still holds (a node checks its copies against it).</summary>
    Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes the sessions expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A session as the vault keeps it: its private key sealed under the cookie's secret (<see cref="Envelope"/>, bound to the session id).</summary>
public sealed record SessionRecord(Guid Id, Guid User, byte[] PublicKey, byte[] SealedPrivateKey, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt, string? Device);
