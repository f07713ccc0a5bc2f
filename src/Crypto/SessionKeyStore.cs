using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Collab.Crypto;

/// <summary>
/// Keeps each logged-in user's unwrapped private key on the server, encrypted under a random secret
/// that only their cookie carries: the server alone cannot use a session's key, a cookie alone holds
/// no key, and destroying the session (logout, expiry, suspension) destroys the key.
/// </summary>
public sealed class SessionKeyStore(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Entry> _sessions = new();

    /// <summary>Raised after a session is destroyed (session id, user): whatever still shows its data must close.</summary>
    public event Action<Guid, Guid>? Ended;

    /// <summary>
    /// Starts a session for <paramref name="user"/>; the returned ticket goes into the cookie and nowhere else.
    /// <paramref name="device"/> (the browser's own description) is only shown back to the user in their sessions list.
    /// </summary>
    public SessionTicket Open(Guid user, UserKeyPair keys, TimeSpan lifetime, string? device = null)
    {
        var sessionId = Guid.NewGuid();
        var secret = RandomNumberGenerator.GetBytes(Envelope.KeyBytes);
        var sealedKey = Envelope.Seal(EnvelopeKind.SessionKey, secret, keys.PrivateKey, sessionId.ToByteArray());
        var now = clock.GetUtcNow();
        _sessions[sessionId] = new Entry(user, keys.PublicKey, sealedKey, now + lifetime, now, device);
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

    /// <summary>Whether the session exists and has not expired (no secret needed: nothing is unlocked).</summary>
    public bool IsAlive(Guid sessionId) => _sessions.TryGetValue(sessionId, out var entry) && clock.GetUtcNow() < entry.ExpiresAt;

    public void Destroy(Guid sessionId)
    {
        if (_sessions.TryRemove(sessionId, out var entry))
        {
            CryptographicOperations.ZeroMemory(entry.SealedPrivateKey);
            Ended?.Invoke(sessionId, entry.User);
        }
    }

    /// <summary>Ends every session of a user (suspension, password reset), but <paramref name="except"/> when given (a password change keeps its own).</summary>
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

    /// <summary>The user a live session belongs to, or null.</summary>
    public Guid? UserOf(Guid sessionId) => _sessions.TryGetValue(sessionId, out var entry) ? entry.User : null;

    /// <summary>The live sessions of <paramref name="user"/> on this node.</summary>
    public IReadOnlyList<Guid> SessionsOf(Guid user) => _sessions.Where(s => s.Value.User == user).Select(s => s.Key).ToList();

    /// <summary>The live sessions of <paramref name="user"/> on this node, the most recent first, for the user to see.</summary>
    public IReadOnlyList<SessionInfo> Describe(Guid user)
    {
        var now = clock.GetUtcNow();
        return _sessions.Where(s => s.Value.User == user && now < s.Value.ExpiresAt)
            .Select(s => new SessionInfo(s.Key, s.Value.OpenedAt, s.Value.ExpiresAt, s.Value.Device))
            .OrderByDescending(s => s.OpenedAt).ToList();
    }

    /// <summary>The users with at least one session on this node.</summary>
    public IReadOnlyCollection<Guid> Users() => _sessions.Values.Select(e => e.User).Distinct().ToList();

    /// <summary>Drops expired sessions; call periodically.</summary>
    public int Sweep()
    {
        var now = clock.GetUtcNow();
        var expired = _sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList();
        expired.ForEach(Destroy);
        return expired.Count;
    }

    private static CryptoException SessionEnded() => new(CryptoFailure.SessionEnded, "The session has ended; log in again.");

    private sealed record Entry(Guid User, byte[] PublicKey, byte[] SealedPrivateKey, DateTimeOffset ExpiresAt, DateTimeOffset OpenedAt, string? Device);
}
