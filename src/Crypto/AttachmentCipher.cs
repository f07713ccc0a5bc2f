using System.Buffers.Binary;
using System.Security.Cryptography;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// Files in 64 KiB chunks, each XChaCha20-Poly1305 with associated data = header ‖ file id ‖ chunk
/// index ‖ last-chunk flag (Sodium.Core has no secretstream). Reordered, swapped, altered or
/// missing chunks fail; a file cut at a chunk boundary fails as <see cref="CryptoFailure.Truncated"/>.
/// Streams in both directions with two chunk buffers, whatever the file size.
/// </summary>
public static class AttachmentCipher
{
    public const int ChunkSize = 64 * 1024;
    private const int NoncePrefixBytes = 16;
    private const int HeaderBytes = Envelope.HeaderBytes + NoncePrefixBytes;
    private const int SealedChunkSize = ChunkSize + Envelope.TagBytes;

    /// <summary>The ciphertext size of a file of <paramref name="plaintextLength"/> bytes (an empty file is one empty chunk).</summary>
    public static long EncryptedLength(long plaintextLength)
    {
        var chunks = Math.Max(1, (plaintextLength + ChunkSize - 1) / ChunkSize);
        return HeaderBytes + plaintextLength + (Envelope.TagBytes * chunks);
    }

    public static async Task EncryptAsync(Stream plaintext, Stream ciphertext, byte[] fileKey, Guid fileId, CancellationToken cancellationToken = default)
    {
        var header = Envelope.Header(EnvelopeKind.Attachment, SodiumCore.GetRandomBytes(NoncePrefixBytes));
        await ciphertext.WriteAsync(header, cancellationToken);

        var current = new byte[ChunkSize];
        var next = new byte[ChunkSize];
        var currentLength = await plaintext.ReadAtLeastAsync(current, ChunkSize, throwOnEndOfStream: false, cancellationToken);
        for (long index = 0; ; index++)
        {
            var nextLength = currentLength == ChunkSize
                ? await plaintext.ReadAtLeastAsync(next, ChunkSize, throwOnEndOfStream: false, cancellationToken)
                : 0;
            var last = nextLength == 0;
            var message = currentLength == ChunkSize ? current : current[..currentLength];
            var sealedChunk = SecretAeadXChaCha20Poly1305.Encrypt(message, Nonce(header, index), fileKey, ChunkContext(header, fileId, index, last));
            await ciphertext.WriteAsync(sealedChunk, cancellationToken);
            if (last)
            {
                break;
            }

            (current, next) = (next, current);
            currentLength = nextLength;
        }

        CryptographicOperations.ZeroMemory(current);
        CryptographicOperations.ZeroMemory(next);
    }

    /// <summary>
    /// Decrypts chunk by chunk. Verified chunks are written as they come, so a failure can follow
    /// written output: callers write to a temporary place and keep it only when this completes.
    /// </summary>
    public static async Task DecryptAsync(Stream ciphertext, Stream plaintext, byte[] fileKey, Guid fileId, CancellationToken cancellationToken = default)
    {
        var header = new byte[HeaderBytes];
        var headerLength = await ciphertext.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, cancellationToken);
        Envelope.CheckHeader(EnvelopeKind.Attachment, header.AsSpan(0, headerLength), HeaderBytes);

        var current = new byte[SealedChunkSize];
        var next = new byte[SealedChunkSize];
        var currentLength = await ciphertext.ReadAtLeastAsync(current, SealedChunkSize, throwOnEndOfStream: false, cancellationToken);
        for (long index = 0; ; index++)
        {
            if (currentLength < Envelope.TagBytes)
            {
                throw new CryptoException(CryptoFailure.Truncated, $"The attachment ends inside chunk {index}.");
            }

            var nextLength = currentLength == SealedChunkSize
                ? await ciphertext.ReadAtLeastAsync(next, SealedChunkSize, throwOnEndOfStream: false, cancellationToken)
                : 0;
            var last = nextLength == 0;
            var sealedChunk = currentLength == SealedChunkSize ? current : current[..currentLength];
            var message = OpenChunk(sealedChunk, header, fileKey, fileId, index, last);
            await plaintext.WriteAsync(message, cancellationToken);
            CryptographicOperations.ZeroMemory(message);
            if (last)
            {
                return;
            }

            (current, next) = (next, current);
            currentLength = nextLength;
        }
    }

    private static byte[] OpenChunk(byte[] sealedChunk, byte[] header, byte[] fileKey, Guid fileId, long index, bool last)
    {
        var nonce = Nonce(header, index);
        try
        {
            return SecretAeadXChaCha20Poly1305.Decrypt(sealedChunk, nonce, fileKey, ChunkContext(header, fileId, index, last));
        }
        catch (CryptographicException) when (last && OpensAsInnerChunk(sealedChunk, nonce, header, fileKey, fileId, index))
        {
            throw new CryptoException(CryptoFailure.Truncated, $"The attachment stops after chunk {index}, which is not its last.");
        }
        catch (CryptographicException)
        {
            throw new CryptoException(CryptoFailure.Tampered, $"Chunk {index} of the attachment was altered, moved or belongs to another file.");
        }
    }

    private static bool OpensAsInnerChunk(byte[] sealedChunk, byte[] nonce, byte[] header, byte[] fileKey, Guid fileId, long index)
    {
        try
        {
            CryptographicOperations.ZeroMemory(SecretAeadXChaCha20Poly1305.Decrypt(sealedChunk, nonce, fileKey, ChunkContext(header, fileId, index, last: false)));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[] Nonce(byte[] header, long index)
    {
        var nonce = new byte[Envelope.NonceBytes];
        header.AsSpan(Envelope.HeaderBytes, NoncePrefixBytes).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(NoncePrefixBytes), index);
        return nonce;
    }

    private static byte[] ChunkContext(byte[] header, Guid fileId, long index, bool last)
    {
        var context = new byte[HeaderBytes + 16 + 8 + 1];
        header.CopyTo(context, 0);
        fileId.TryWriteBytes(context.AsSpan(HeaderBytes), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(context.AsSpan(HeaderBytes + 16), index);
        context[^1] = last ? (byte)1 : (byte)0;
        return context;
    }
}
