using System.Text;
using Collab.Crypto;

namespace Collab.UnitTests.Crypto;

/// <summary>A hospital service's ring, and consultations whose epochs are sealed to it.</summary>
public sealed class GroupKeyRingTests : IDisposable
{
    private static readonly Guid Consultation = Guid.NewGuid();
    private readonly Member _alice = new(Guid.NewGuid(), UserKeyPair.Generate());
    private readonly Member _bob = new(Guid.NewGuid(), UserKeyPair.Generate());
    private readonly Member _carol = new(Guid.NewGuid(), UserKeyPair.Generate());

    public void Dispose()
    {
        _alice.Keys.Dispose();
        _bob.Keys.Dispose();
        _carol.Keys.Dispose();
    }

    [Fact]
    public void A_member_confirmed_after_ten_epochs_reads_all_ten()
    {
        var ring = new List<KeyRingVersion> { GroupKeyRing.NewVersion(1, Keys(_alice)) };
        var epochs = Enumerable.Range(1, 10).Select(epoch => WriteEpoch(ring[^1], epoch, $"avis {epoch}")).ToList();

        var copies = GroupKeyRing.SealEveryVersionTo(ring, _alice.Id, _alice.Keys, _carol.Keys.PublicKey);
        ring = ring.Select(v => v with { SealedToMembers = new Dictionary<Guid, byte[]>(v.SealedToMembers) { [_carol.Id] = copies[v.Version] } }).ToList();

        Assert.Equal(
            Enumerable.Range(1, 10).Select(epoch => $"avis {epoch}"),
            epochs.Select(e => Read(e, ring.Single(v => v.Version == e.GroupVersion), _carol)));
    }

    [Fact]
    public void A_removed_member_cannot_open_an_epoch_created_after_removal()
    {
        var v1 = GroupKeyRing.NewVersion(1, Keys(_alice, _bob));
        var before = WriteEpoch(v1, 1, "avant le départ");

        // Bob leaves: his copies go, and version 2 is sealed to those who remain, from public keys only.
        var v1WithoutBob = v1 with { SealedToMembers = v1.SealedToMembers.Where(m => m.Key != _bob.Id).ToDictionary() };
        var v2 = GroupKeyRing.NewVersion(2, Keys(_alice));
        var after = WriteEpoch(v2, 2, "après le départ");

        Assert.Equal("avant le départ", Read(before, v1, _bob)); // what he could read while a member, from his own old copy
        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => Read(after, v2, _bob)).Failure);
        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => Read(before, v1WithoutBob, _bob)).Failure);
        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => KeySealing.Open(after.SealedToGroup, _bob.Keys)).Failure);
        Assert.Equal("après le départ", Read(after, v2, _alice));
    }

    [Fact]
    public void A_participant_opens_the_epoch_sealed_to_them_directly()
    {
        var key = EpochKeys.New();

        var sealedToBob = KeySealing.Seal(key, _bob.Keys.PublicKey);

        Assert.Equal(key, EpochKeys.Open(sealedToBob, _bob.Keys));
        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => EpochKeys.Open(sealedToBob, _carol.Keys)).Failure);
    }

    [Fact]
    public void A_sealed_key_with_an_altered_byte_cannot_be_opened()
    {
        var sealedKey = KeySealing.Seal(EpochKeys.New(), _bob.Keys.PublicKey);

        sealedKey[^1] ^= 1;

        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => EpochKeys.Open(sealedKey, _bob.Keys)).Failure);
    }

    private static Dictionary<Guid, byte[]> Keys(params Member[] members) => members.ToDictionary(m => m.Id, m => m.Keys.PublicKey);

    private static WrittenEpoch WriteEpoch(KeyRingVersion groupVersion, int epoch, string text)
    {
        var key = EpochKeys.New();
        var position = new ContentPosition(Consultation, epoch, 1);
        return new WrittenEpoch(groupVersion.Version, KeySealing.Seal(key, groupVersion.PublicKey), position, ContentCipher.Encrypt(Encoding.UTF8.GetBytes(text), key, position));
    }

    private static string Read(WrittenEpoch written, KeyRingVersion groupVersion, Member reader)
    {
        var key = EpochKeys.OpenThroughGroup(written.SealedToGroup, groupVersion, reader.Id, reader.Keys);
        return Encoding.UTF8.GetString(ContentCipher.Decrypt(written.Content, key, written.Position));
    }

    private sealed record Member(Guid Id, UserKeyPair Keys);

    private sealed record WrittenEpoch(int GroupVersion, byte[] SealedToGroup, ContentPosition Position, byte[] Content);
}
