using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Collab.Crypto;

/// <summary>
/// Keeps each logged-in user's unwrapped private key on the server, encrypted under a random secret
/// that only their cookie carries: the server alone cannot use a session's key, a cookie alone holds
/// no key, and destroying the session (logout, expiry, suspension) destroys the key.
/// With a <see cref="ISessionVault"/>, sessions are shared by every web node: this store is the node's cache of
/// them, filled from the vault the first time a node sees a session (<see cref="IsAliveAsync"/>).
/// </summary>
public sealed class SessionKeyStore(TimeProvider clock, ISessionVault? vault = null)
{
    private readonly ConcurrentDictionary<Guid, SessionRecord> _sessions = new();

    /// <summary>Raised after a session is destroyed (session id, user): whatever still shows its data must close.</summary>
    public event Action<Guid, Guid>? Ended;

    /// <summary>
    /// Starts a session for <paramref name="user"/>; the returned ticket goes into the cookie and nowhere else.
    /// <paramref name="device"/> (the browser's own description) is only shown back to the user in their sessions list.
    /// </summary>
    public async Task<SessionTicket> OpenAsync(Guid user, UserKeyPair keys, TimeSpan lifetime, string? device = null)
    {
        var sessionId = Guid.NewGuid();
        var secret = RandomNumberGenerator.GetBytes(Envelope.KeyBytes);
        var sealedKey = Envelope.Seal(EnvelopeKind.SessionKey, secret, keys.PrivateKey, sessionId.ToByteArray());
        var now = clock.GetUtcNow();
        var record = new SessionRecord(sessionId, user, keys.PublicKey, sealedKey, now, now + lifetime, device);
        if (vault is not null)
        {
            await vault.SaveAsync(record);
        }

        _sessions[sessionId] = record;
        return new SessionTicket(sessionId, secret);
    }

    /// <summary>The user's key pair for one request; dispose it when the request ends.</summary>
    public UserKeyPair Unlock(SessionTicket ticket)
    {
        if (!_sessions.TryGetValue(ticket.SessionId, out var entry))
        {
            throw SessionEnded();
        }

        if (clock.GetUtcNow() >= entry.ExpiresAt)
        {
            Destroy(ticket.SessionId);
            throw SessionEnded();
        }

        if (ticket.Secret.Length != Envelope.KeyBytes)
        {
            throw SessionEnded();
        }

        try
        {
            var privateKey = Envelope.Open(EnvelopeKind.SessionKey, ticket.Secret, entry.SealedPrivateKey, ticket.SessionId.ToByteArray(), CryptoFailure.SessionEnded);
            return UserKeyPair.FromPrivateKey(privateKey, entry.PublicKey);
        }
        catch (CryptoException)
        {
            throw SessionEnded();
        }
    }

    /// <summary>Whether the session exists on this node and has not expired (no secret needed: nothing is unlocked).</summary>
    public bool IsAlive(Guid sessionId) => _sessions.TryGetValue(sessionId, out var entry) && clock.GetUtcNow() < entry.ExpiresAt;

    /// <summary>
    /// Whether the session exists and has not expired, on this node or, opened on another one, in the vault (then
    /// this node keeps it too). Called on every request, before anything is unlocked.
    /// </summary>
    public async Task<bool> IsAliveAsync(Guid sessionId)
    {
        if (IsAlive(sessionId))
        {
            return true;
        }

        if (vault is null || await vault.FindAsync(sessionId, clock.GetUtcNow()) is not { } shared)
        {
            return false;
        }

        _sessions[sessionId] = shared;
        return true;
    }

    /// <summary>Ends a session: out of the vault first (no node can load it again), then out of this node.</summary>
    public async Task EndAsync(Guid sessionId)
    {
        await ForgetSharedAsync(sessionId);
        Destroy(sessionId);
    }

    /// <summary>Takes a session out of the vault; the nodes holding a copy drop it on the session broadcast.</summary>
    public Task ForgetSharedAsync(Guid sessionId) => vault?.DeleteAsync(sessionId) ?? Task.CompletedTask;

    /// <summary>Takes every session of <paramref name="user"/> (but <paramref name="except"/>) out of the vault.</summary>
    public Task ForgetSharedAsync(Guid user, Guid? except) => vault?.DeleteAllAsync(user, except) ?? Task.CompletedTask;

    /// <summary>Forgets a session on this node only (the vault is <see cref="EndAsync"/>'s business).</summary>
    public void Destroy(Guid sessionId)
    {
        if (_sessions.TryRemove(sessionId, out var entry))
        {
            CryptographicOperations.ZeroMemory(entry.SealedPrivateKey);
            Ended?.Invoke(sessionId, entry.User);
        }
    }

    /// <summary>Forgets every session of a user on this node (suspension, password reset), but <paramref name="except"/> when given (a password change keeps its own).</summary>
    public int DestroyAll(Guid user, Guid? except = null)
    {
        var ended = 0;
        foreach (var (sessionId, entry) in _sessions)
        {
            if (entry.User == user && sessionId != except)
            {
                Destroy(sessionId);
                ended++;
            }
        }

        return ended;
    }

    /// <summary>The user a live session on this node belongs to, or null.</summary>
    public Guid? UserOf(Guid sessionId) => _sessions.TryGetValue(sessionId, out var entry) ? entry.User : null;

    /// <summary>The live sessions of <paramref name="user"/> on this node.</summary>
    public IReadOnlyList<Guid> SessionsOf(Guid user) => _sessions.Where(s => s.Value.User == user).Select(s => s.Key).ToList();

    /// <summary>The live sessions of <paramref name="user"/> (on every node with a vault), the most recent first, for the user to see.</summary>
    public async Task<IReadOnlyList<SessionInfo>> DescribeAsync(Guid user)
    {
        var now = clock.GetUtcNow();
        var sessions = vault is null
            ? _sessions.Values.Where(s => s.User == user && now < s.ExpiresAt).ToList()
            : await vault.OfUserAsync(user, now);
        return sessions.Select(s => new SessionInfo(s.Id, s.OpenedAt, s.ExpiresAt, s.Device)).OrderByDescending(s => s.OpenedAt).ToList();
    }

    /// <summary>The users with at least one session on this node.</summary>
    public IReadOnlyCollection<Guid> Users() => _sessions.Values.Select(e => e.User).Distinct().ToList();

    /// <summary>
    /// Drops expired sessions (from the vault too), and this node's copies of sessions the vault no longer holds (ended
    /// on another node while this one missed the broadcast); call periodically.
    /// </summary>
    public async Task<int> SweepAsync()
    {
        var now = clock.GetUtcNow();
        var expired = _sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList();
        if (vault is not null)
        {
            await vault.SweepAsync(now);
            var held = _sessions.Keys.Except(expired).ToList();
            var existing = held.Count == 0 ? new HashSet<Guid>() : await vault.ExistingAsync(held);
            expired.AddRange(held.Where(id => !existing.Contains(id)));
        }

        expired.ForEach(Destroy);
        return expired.Count;
    }

    private static CryptoException SessionEnded() => new(CryptoFailure.SessionEnded, "The session has ended; log in again.");
}
