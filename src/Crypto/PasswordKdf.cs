using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// Argon2id parameters for deriving a key-wrapping key from a password. Stored in each wrapped key's
/// header, so raising them later re-wraps at the next login without breaking older wraps.
/// </summary>
public sealed record PasswordKdf(int OpsLimit, int MemLimitBytes)
{
    /// <summary>3 passes over 64 MiB: libsodium's "moderate" memory with the minimum pass count Argon2id allows.</summary>
    public static PasswordKdf Default { get; } = new(3, 64 * 1024 * 1024);

    public const int SaltBytes = 16;

    internal byte[] DeriveKey(string password, byte[] salt)
    {
        if (OpsLimit < 3)
        {
            // Sodium.Core refuses fewer passes; say so before it throws something vaguer.
            throw new ArgumentOutOfRangeException(nameof(OpsLimit), "Argon2id needs at least 3 passes.");
        }

        var passwordBytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC));
        try
        {
            return PasswordHash.ArgonHashBinary(passwordBytes, salt, OpsLimit, MemLimitBytes, Envelope.KeyBytes, PasswordHash.ArgonAlgorithm.Argon_2ID13);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    internal byte[] Encode(byte[] salt)
    {
        var bytes = new byte[8 + SaltBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, OpsLimit);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), MemLimitBytes);
        salt.CopyTo(bytes, 8);
        return bytes;
    }

    internal static (PasswordKdf Kdf, byte[] Salt) Decode(ReadOnlySpan<byte> bytes) =>
        (new PasswordKdf(BinaryPrimitives.ReadInt32BigEndian(bytes), BinaryPrimitives.ReadInt32BigEndian(bytes[4..])), bytes[8..(8 + SaltBytes)].ToArray());
}
