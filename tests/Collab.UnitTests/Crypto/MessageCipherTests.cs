using System.Text;
using Collab.Crypto;

namespace Collab.UnitTests.Crypto;

public sealed class MessageCipherTests
{
    private static readonly Guid Consultation = Guid.Parse("0193a5c0-0000-7000-8000-00000000c001");
    private static readonly Guid Author = Guid.Parse("0193a5c0-0000-7000-8000-0000000a0001");
    private static readonly MessageBinding Binding = new(Consultation, 2, Author, Guid.Parse("0193a5c0-0000-7000-8000-0000000c1d01"), Seen: 16);
    private static readonly byte[] Note = Encoding.UTF8.GetBytes("Patient de 54 ans, douleur thoracique atypique.");

    [Fact]
    public void A_message_opens_at_any_place_after_what_its_author_had_seen()
    {
        var key = EpochKeys.New();
        var envelope = MessageCipher.Encrypt(Note, key, Binding);

        Assert.Equal(Note, MessageCipher.Decrypt(envelope, key, Consultation, 2, Author, sequence: 17));
        Assert.Equal(Note, MessageCipher.Decrypt(envelope, key, Consultation, 2, Author, sequence: 40));
        Assert.Equal((Binding.ClientId, 16L), MessageCipher.ReadClear(envelope));
        Assert.Equal([Envelope.Version1, (byte)EnvelopeKind.Message], envelope[..2]);
    }

    public static TheoryData<string> Moves => new() { "consultation", "epoch", "author", "before what its author had seen" };

    [Theory]
    [MemberData(nameof(Moves))]
    public void A_message_moved_to_another_consultation_epoch_author_or_before_what_its_author_had_seen_fails_as_tampered(string move)
    {
        var key = EpochKeys.New();
        var envelope = MessageCipher.Encrypt(Note, key, Binding);

        var failure = Assert.Throws<CryptoException>(() => move switch
        {
            "consultation" => MessageCipher.Decrypt(envelope, key, Guid.NewGuid(), 2, Author, 17),
            "epoch" => MessageCipher.Decrypt(envelope, key, Consultation, 3, Author, 17),
            "author" => MessageCipher.Decrypt(envelope, key, Consultation, 2, Guid.NewGuid(), 17),
            _ => MessageCipher.Decrypt(envelope, key, Consultation, 2, Author, 16),
        });

        Assert.Equal(CryptoFailure.Tampered, failure.Failure);
    }

    [Fact]
    public void Every_altered_byte_fails_including_the_clear_client_id_and_seen()
    {
        var key = EpochKeys.New();
        var envelope = MessageCipher.Encrypt(Note, key, Binding);

        for (var i = 2; i < envelope.Length; i++)
        {
            var altered = (byte[])envelope.Clone();
            altered[i] ^= 0x01;
            Assert.Equal(CryptoFailure.Tampered, Assert.Throws<CryptoException>(() => MessageCipher.Decrypt(altered, key, Consultation, 2, Author, 100)).Failure);
        }
    }

    [Fact]
    public void Older_content_is_not_a_message_and_a_message_is_not_older_content()
    {
        var key = EpochKeys.New();
        var content = ContentCipher.Encrypt(Note, key, new ContentPosition(Consultation, 2, 17));
        var message = MessageCipher.Encrypt(Note, key, Binding);

        Assert.False(MessageCipher.IsMessage(content));
        Assert.False(MessageCipher.LooksLike(content));
        Assert.True(MessageCipher.IsMessage(message));
        Assert.Equal(CryptoFailure.UnsupportedFormat, Assert.Throws<CryptoException>(() => MessageCipher.Decrypt(content, key, Consultation, 2, Author, 17)).Failure);
        Assert.Equal(CryptoFailure.UnsupportedFormat, Assert.Throws<CryptoException>(() => ContentCipher.Decrypt(message, key, new ContentPosition(Consultation, 2, 17))).Failure);
    }
}
