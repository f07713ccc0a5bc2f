using Collab.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace Collab.UnitTests.Crypto;

public sealed class SessionKeyStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly Guid _user = Guid.NewGuid();

    [Fact]
    public async Task The_cookie_ticket_unlocks_the_key_until_logout()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        var ticket = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));

        using (var unlocked = store.Unlock(ticket))
        {
            Assert.Equal(keys.PrivateKey, unlocked.PrivateKey);
        }

        store.Destroy(ticket.SessionId);

        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket)).Failure);
    }

    [Fact]
    public async Task A_session_ends_at_its_expiry()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        var ticket = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));

        _clock.Advance(TimeSpan.FromHours(8));

        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket)).Failure);
    }

    [Fact]
    public async Task Suspension_ends_every_session_of_the_user_and_no_other()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        using var otherKeys = UserKeyPair.Generate();
        var laptop = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));
        var phone = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));
        var colleague = await store.OpenAsync(Guid.NewGuid(), otherKeys, TimeSpan.FromHours(8));

        store.DestroyAll(_user);

        Assert.Throws<CryptoException>(() => store.Unlock(laptop));
        Assert.Throws<CryptoException>(() => store.Unlock(phone));
        using var stillThere = store.Unlock(colleague);
        Assert.Equal(otherKeys.PublicKey, stillThere.PublicKey);
    }

    [Fact]
    public async Task A_session_id_without_its_secret_unlocks_nothing()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        var ticket = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));
        var other = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));

        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket with { Secret = new byte[32] })).Failure);
        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket with { Secret = other.Secret })).Failure);
    }

    [Fact]
    public async Task Sweeping_drops_expired_sessions_only()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        await store.OpenAsync(_user, keys, TimeSpan.FromMinutes(30));
        var longer = await store.OpenAsync(_user, keys, TimeSpan.FromHours(8));

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, await store.SweepAsync());
        using var unlocked = store.Unlock(longer);
    }

    [Fact]
    public async Task A_session_opened_on_one_node_is_served_by_another_and_ended_on_both()
    {
        var (vault, nodeA, nodeB) = TwoNodes();
        using var keys = UserKeyPair.Generate();
        var ticket = await nodeA.OpenAsync(_user, keys, TimeSpan.FromHours(8), "Firefox");

        Assert.False(nodeB.IsAlive(ticket.SessionId)); // not yet in B's memory
        Assert.True(await nodeB.IsAliveAsync(ticket.SessionId));
        using (var onB = nodeB.Unlock(ticket))
        {
            Assert.Equal(keys.PrivateKey, onB.PrivateKey);
        }

        // What the vault holds opens nothing without the cookie's secret.
        var stored = Assert.Single(vault.Records.Values);
        Assert.DoesNotContain(Convert.ToHexString(keys.PrivateKey), Convert.ToHexString(stored.SealedPrivateKey), StringComparison.Ordinal);
        Assert.Throws<CryptoException>(() => nodeB.Unlock(ticket with { Secret = new byte[32] }));
        Assert.Equal(["Firefox"], (await nodeB.DescribeAsync(_user)).Select(s => s.Device));

        await nodeA.EndAsync(ticket.SessionId);
        nodeB.Destroy(ticket.SessionId); // what the broadcast does on B

        Assert.False(await nodeB.IsAliveAsync(ticket.SessionId)); // and B cannot load it back
        Assert.Empty(vault.Records);
    }

    [Fact]
    public async Task A_node_that_missed_the_broadcast_drops_its_copy_at_the_next_sweep()
    {
        var (vault, nodeA, nodeB) = TwoNodes();
        using var keys = UserKeyPair.Generate();
        var ticket = await nodeA.OpenAsync(_user, keys, TimeSpan.FromHours(8));
        Assert.True(await nodeB.IsAliveAsync(ticket.SessionId));

        await nodeA.EndAsync(ticket.SessionId); // B is not told
        Assert.True(nodeB.IsAlive(ticket.SessionId));
        Assert.Equal(1, await nodeB.SweepAsync());

        Assert.False(nodeB.IsAlive(ticket.SessionId));
        Assert.Throws<CryptoException>(() => nodeB.Unlock(ticket));
    }

    // Two web nodes sharing one vault.
    private (MemoryVault Vault, SessionKeyStore NodeA, SessionKeyStore NodeB) TwoNodes()
    {
        var vault = new MemoryVault();
        return (vault, new SessionKeyStore(_clock, vault), new SessionKeyStore(_clock, vault));
    }

    private sealed class MemoryVault : ISessionVault
    {
        public Dictionary<Guid, SessionRecord> Records { get; } = [];

        public Task SaveAsync(SessionRecord session, CancellationToken cancellationToken = default)
        {
            Records[session.Id] = session with { SealedPrivateKey = session.SealedPrivateKey.ToArray() };
            return Task.CompletedTask;
        }

        public Task<SessionRecord?> FindAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult(Records.TryGetValue(sessionId, out var r) && now < r.ExpiresAt ? r with { SealedPrivateKey = r.SealedPrivateKey.ToArray() } : null);

        public Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken = default) => Task.FromResult(Records.Remove(sessionId));

        public Task DeleteAllAsync(Guid user, Guid? except, CancellationToken cancellationToken = default)
        {
            foreach (var id in Records.Values.Where(r => r.User == user && r.Id != except).Select(r => r.Id).ToList())
            {
                Records.Remove(id);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SessionRecord>> OfUserAsync(Guid user, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SessionRecord>>(Records.Values.Where(r => r.User == user && now < r.ExpiresAt).ToList());

        public Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlySet<Guid>>(sessionIds.Where(Records.ContainsKey).ToHashSet());

        public Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult(Records.Values.Where(r => r.ExpiresAt <= now).Select(r => r.Id).ToList().Count(Records.Remove));
    }
}
