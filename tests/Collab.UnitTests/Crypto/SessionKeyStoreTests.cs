using Collab.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace Collab.UnitTests.Crypto;

public sealed class SessionKeyStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly Guid _user = Guid.NewGuid();

    [Fact]
    public void The_cookie_ticket_unlocks_the_key_until_logout()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        var ticket = store.Open(_user, keys, TimeSpan.FromHours(8));

        using (var unlocked = store.Unlock(ticket))
        {
            Assert.Equal(keys.PrivateKey, unlocked.PrivateKey);
        }

        store.Destroy(ticket.SessionId);

        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket)).Failure);
    }

    [Fact]
    public void A_session_ends_at_its_expiry()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        var ticket = store.Open(_user, keys, TimeSpan.FromHours(8));

        _clock.Advance(TimeSpan.FromHours(8));

        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket)).Failure);
    }

    [Fact]
    public void Suspension_ends_every_session_of_the_user_and_no_other()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        using var otherKeys = UserKeyPair.Generate();
        var laptop = store.Open(_user, keys, TimeSpan.FromHours(8));
        var phone = store.Open(_user, keys, TimeSpan.FromHours(8));
        var colleague = store.Open(Guid.NewGuid(), otherKeys, TimeSpan.FromHours(8));

        store.DestroyAll(_user);

        Assert.Throws<CryptoException>(() => store.Unlock(laptop));
        Assert.Throws<CryptoException>(() => store.Unlock(phone));
        using var stillThere = store.Unlock(colleague);
        Assert.Equal(otherKeys.PublicKey, stillThere.PublicKey);
    }

    [Fact]
    public void A_session_id_without_its_secret_unlocks_nothing()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        var ticket = store.Open(_user, keys, TimeSpan.FromHours(8));
        var other = store.Open(_user, keys, TimeSpan.FromHours(8));

        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket with { Secret = new byte[32] })).Failure);
        Assert.Equal(CryptoFailure.SessionEnded, Assert.Throws<CryptoException>(() => store.Unlock(ticket with { Secret = other.Secret })).Failure);
    }

    [Fact]
    public void Sweeping_drops_expired_sessions_only()
    {
        var store = new SessionKeyStore(_clock);
        using var keys = UserKeyPair.Generate();
        store.Open(_user, keys, TimeSpan.FromMinutes(30));
        var longer = store.Open(_user, keys, TimeSpan.FromHours(8));

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, store.Sweep());
        using var unlocked = store.Unlock(longer);
    }
}
