using System.Buffers.Binary;

namespace Collab.Crypto;

/// <summary>
/// Discussion messages: XChaCha20-Poly1305 under the epoch key, written without asking for a place.
/// The envelope's header carries the client id and the last sequence the author had seen, in clear and
/// authenticated; the associated data adds the consultation, the epoch and the author. A reader opens it
/// with the place the grain gave it and refuses it there unless it comes after what its author had seen
/// (ADR 0010): a message moved to another consultation, epoch or author fails, and one moved before a
/// message its author answered fails; a copy carries the same client id as its original.
/// </summary>
public static class MessageCipher
{
    private const int BindingBytes = 16 + 8;

    /// <summary>The envelope's length before the ciphertext: header, client id, seen, nonce.</summary>
    public const int MinimumBytes = Envelope.HeaderBytes + BindingBytes + Envelope.NonceBytes + Envelope.TagBytes;

    public static byte[] Encrypt(byte[] plaintext, byte[] epochKey, MessageBinding binding)
    {
        if (binding.Seen < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(binding), "Seen is a sequence, 0 or more.");
        }

        return Envelope.Seal(EnvelopeKind.Message, epochKey, plaintext, Context(binding.ObjectId, binding.Epoch, binding.Author), Clear(binding.ClientId, binding.Seen));
    }

    /// <summary>
    /// Opens a message stored at <paramref name="sequence"/>; <see cref="CryptoFailure.Tampered"/> when the bytes, the
    /// consultation, the epoch or the author are not those it was written for, or when it sits before what its author had seen.
    /// </summary>
    public static byte[] Decrypt(byte[] envelope, byte[] epochKey, Guid objectId, int epoch, Guid author, long sequence)
    {
        var (_, seen) = ReadClear(envelope);
        var plaintext = Envelope.Open(EnvelopeKind.Message, epochKey, envelope, Context(objectId, epoch, author), CryptoFailure.Tampered, BindingBytes);
        if (sequence <= seen)
        {
            throw new CryptoException(CryptoFailure.Tampered, $"The message at {sequence} was written after {seen}: it was moved.");
        }

        return plaintext;
    }

    /// <summary>The client id and seen sequence a message envelope claims (unauthenticated until it is opened).</summary>
    public static (Guid ClientId, long Seen) ReadClear(ReadOnlySpan<byte> envelope)
    {
        Envelope.CheckHeader(EnvelopeKind.Message, envelope, MinimumBytes);
        var binding = envelope.Slice(Envelope.HeaderBytes, BindingBytes);
        return (new Guid(binding[..16], bigEndian: true), BinaryPrimitives.ReadInt64BigEndian(binding[16..]));
    }

    /// <summary>Whether <paramref name="envelope"/> is a message envelope (for the grain's input check; proves nothing about its content).</summary>
    public static bool LooksLike(byte[]? envelope) => Envelope.LooksLike(EnvelopeKind.Message, envelope, MinimumBytes);

    /// <summary>Whether an envelope is a message (bound to its author) rather than older content (bound to its position).</summary>
    public static bool IsMessage(byte[] envelope) => envelope.Length >= Envelope.HeaderBytes && envelope[1] == (byte)EnvelopeKind.Message;

    private static byte[] Clear(Guid clientId, long seen)
    {
        var bytes = new byte[BindingBytes];
        clientId.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16), seen);
        return bytes;
    }

    private static byte[] Context(Guid objectId, int epoch, Guid author)
    {
        var bytes = new byte[16 + 4 + 16];
        objectId.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), epoch);
        author.TryWriteBytes(bytes.AsSpan(20), bigEndian: true, out _);
        return bytes;
    }
}
