using System.Buffers.Binary;
using System.Security.Cryptography;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// The byte layout every stored envelope starts with: a format version, then its kind. Version 1 is
/// XChaCha20-Poly1305 for symmetric encryption, X25519 sealed boxes for public-key sealing and
/// Argon2id for passwords; a later version may change any of them while version-1 data stays readable.
/// </summary>
public static class Envelope
{
    public const byte Version1 = 1;
    public const int HeaderBytes = 2;
    public const int KeyBytes = 32;
    public const int NonceBytes = 24;
    public const int TagBytes = 16;

    /// <summary>XChaCha20-Poly1305 of <paramref name="plaintext"/>: header ‖ nonce ‖ ciphertext. The header is authenticated with <paramref name="context"/>.</summary>
    public static byte[] Seal(EnvelopeKind kind, byte[] key, byte[] plaintext, ReadOnlySpan<byte> context, ReadOnlySpan<byte> extraHeader = default)
    {
        var header = Header(kind, extraHeader);
        var nonce = SodiumCore.GetRandomBytes(NonceBytes);
        var associated = Concat(header, context);
        var ciphertext = SecretAeadXChaCha20Poly1305.Encrypt(plaintext, nonce, key, associated);
        var envelope = new byte[header.Length + NonceBytes + ciphertext.Length];
        header.CopyTo(envelope, 0);
        nonce.CopyTo(envelope, header.Length);
        ciphertext.CopyTo(envelope, header.Length + NonceBytes);
        return envelope;
    }

    /// <summary>Opens what <see cref="Seal"/> made; <paramref name="onFailure"/> names the failure when authentication fails.</summary>
    public static byte[] Open(EnvelopeKind kind, byte[] key, byte[] envelope, ReadOnlySpan<byte> context, CryptoFailure onFailure, int extraHeaderBytes = 0)
    {
        var headerLength = HeaderBytes + extraHeaderBytes;
        CheckHeader(kind, envelope, headerLength + NonceBytes + TagBytes);
        var associated = Concat(envelope.AsSpan(0, headerLength), context);
        try
        {
            return SecretAeadXChaCha20Poly1305.Decrypt(
                envelope[(headerLength + NonceBytes)..], envelope[headerLength..(headerLength + NonceBytes)], key, associated);
        }
        catch (CryptographicException)
        {
            throw new CryptoException(onFailure, $"The {kind} envelope could not be opened ({onFailure}).");
        }
    }

    /// <summary>Checks the version and kind bytes and the minimum length.</summary>
    public static void CheckHeader(EnvelopeKind kind, ReadOnlySpan<byte> envelope, int minimumLength)
    {
        if (envelope.Length < HeaderBytes || envelope[0] != Version1)
        {
            throw new CryptoException(CryptoFailure.UnsupportedFormat, $"Unsupported envelope version (expected {Version1}).");
        }

        if (envelope[1] != (byte)kind)
        {
            throw new CryptoException(CryptoFailure.UnsupportedFormat, $"The envelope is not a {kind}.");
        }

        if (envelope.Length < minimumLength)
        {
            throw new CryptoException(CryptoFailure.Tampered, $"The {kind} envelope is too short.");
        }
    }

    /// <summary>Whether <paramref name="envelope"/> starts like a version-1 envelope of <paramref name="kind"/> (for input validation; proves nothing about its content).</summary>
    public static bool LooksLike(EnvelopeKind kind, byte[]? envelope, int minimumLength) =>
        envelope is not null && envelope.Length >= Math.Max(minimumLength, HeaderBytes) && envelope[0] == Version1 && envelope[1] == (byte)kind;

    public static byte[] Header(EnvelopeKind kind, ReadOnlySpan<byte> extra = default)
    {
        var header = new byte[HeaderBytes + extra.Length];
        header[0] = Version1;
        header[1] = (byte)kind;
        extra.CopyTo(header.AsSpan(HeaderBytes));
        return header;
    }

    public static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var result = new byte[first.Length + second.Length];
        first.CopyTo(result);
        second.CopyTo(result.AsSpan(first.Length));
        return result;
    }

    /// <summary>An object id, an epoch and a position as associated data.</summary>
    public static byte[] Position(Guid objectId, int epoch, long sequence)
    {
        var bytes = new byte[16 + 4 + 8];
        objectId.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), epoch);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(20), sequence);
        return bytes;
    }
}
