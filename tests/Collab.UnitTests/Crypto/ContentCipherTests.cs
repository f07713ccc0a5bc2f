using System.Text;
using Collab.Crypto;

namespace Collab.UnitTests.Crypto;

public sealed class ContentCipherTests
{
    private static readonly Guid Consultation = Guid.Parse("0193a5c0-0000-7000-8000-00000000c001");
    private static readonly byte[] Note = Encoding.UTF8.GetBytes("Patient de 54 ans, douleur thoracique atypique.");

    [Fact]
    public void Content_decrypts_at_its_own_position()
    {
        var key = EpochKeys.New();
        var position = new ContentPosition(Consultation, 2, 17);

        var envelope = ContentCipher.Encrypt(Note, key, position);

        Assert.Equal(Note, ContentCipher.Decrypt(envelope, key, position));
        Assert.Equal(Envelope.Version1, envelope[0]);
    }

    public static TheoryData<string> Moves => new() { "object", "epoch", "sequence" };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Content_moved_to_another_object_epoch_or_position_fails_as_tampered(string move)
    {
        var key = EpochKeys.New();
        var position = new ContentPosition(Consultation, 2, 17);
        var envelope = ContentCipher.Encrypt(Note, key, position);
        var elsewhere = move switch
        {
            "object" => position with { ObjectId = Guid.NewGuid() },
            "epoch" => position with { Epoch = 3 },
            _ => position with { Sequence = 18 },
        };

        Assert.Equal(CryptoFailure.Tampered, Assert.Throws<CryptoException>(() => ContentCipher.Decrypt(envelope, key, elsewhere)).Failure);
    }

    [Fact]
    public void Every_altered_byte_fails_as_tampered()
    {
        var key = EpochKeys.New();
        var position = new ContentPosition(Consultation, 1, 1);
        var envelope = ContentCipher.Encrypt(Note, key, position);

        for (var i = 2; i < envelope.Length; i++)
        {
            var altered = (byte[])envelope.Clone();
            altered[i] ^= 0x01;
            Assert.Equal(CryptoFailure.Tampered, Assert.Throws<CryptoException>(() => ContentCipher.Decrypt(altered, key, position)).Failure);
        }
    }

    [Fact]
    public void Another_epoch_key_fails_as_tampered()
    {
        var position = new ContentPosition(Consultation, 1, 1);
        var envelope = ContentCipher.Encrypt(Note, EpochKeys.New(), position);

        Assert.Equal(CryptoFailure.Tampered, Assert.Throws<CryptoException>(() => ContentCipher.Decrypt(envelope, EpochKeys.New(), position)).Failure);
    }

    [Fact]
    public void A_cut_envelope_fails_as_tampered()
    {
        var key = EpochKeys.New();
        var position = new ContentPosition(Consultation, 1, 1);
        var envelope = ContentCipher.Encrypt(Note, key, position);

        Assert.Equal(CryptoFailure.Tampered, Assert.Throws<CryptoException>(() => ContentCipher.Decrypt(envelope[..20], key, position)).Failure);
    }

    [Fact]
    public void The_same_content_encrypts_differently_each_time()
    {
        var key = EpochKeys.New();
        var position = new ContentPosition(Consultation, 1, 1);

        Assert.NotEqual(ContentCipher.Encrypt(Note, key, position), ContentCipher.Encrypt(Note, key, position));
    }
}
