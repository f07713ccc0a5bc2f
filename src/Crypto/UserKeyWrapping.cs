using System.Security.Cryptography;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// The three ways a user's private key is stored: wrapped under their password, wrapped under their
/// recovery code, and (optionally) sealed to their structure's recovery public key. Each wraps the
/// same private key, so changing one never touches content or the others.
/// </summary>
public static class UserKeyWrapping
{
    private static readonly byte[] RecoveryContext = "collab.recovery-wrap.v1"u8.ToArray();

    public static byte[] WrapWithPassword(UserKeyPair keys, string password, PasswordKdf kdf)
    {
        var salt = SodiumCore.GetRandomBytes(PasswordKdf.SaltBytes);
        var wrappingKey = kdf.DeriveKey(password, salt);
        try
        {
            return Envelope.Seal(EnvelopeKind.PasswordWrappedKey, wrappingKey, keys.PrivateKey, keys.PublicKey, kdf.Encode(salt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    public static UserKeyPair UnwrapWithPassword(byte[] wrapped, byte[] publicKey, string password)
    {
        const int parameters = 8 + PasswordKdf.SaltBytes;
        Envelope.CheckHeader(EnvelopeKind.PasswordWrappedKey, wrapped, Envelope.HeaderBytes + parameters);
        var (kdf, salt) = PasswordKdf.Decode(wrapped.AsSpan(Envelope.HeaderBytes, parameters));
        var wrappingKey = kdf.DeriveKey(password, salt);
        try
        {
            var privateKey = Envelope.Open(EnvelopeKind.PasswordWrappedKey, wrappingKey, wrapped, publicKey, CryptoFailure.WrongPassword, parameters);
            return UserKeyPair.FromPrivateKey(privateKey, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    /// <summary>The Argon2id parameters a password wrap was made with (to re-wrap when the defaults rise).</summary>
    public static PasswordKdf PasswordParameters(byte[] wrapped)
    {
        Envelope.CheckHeader(EnvelopeKind.PasswordWrappedKey, wrapped, Envelope.HeaderBytes + 8 + PasswordKdf.SaltBytes);
        return PasswordKdf.Decode(wrapped.AsSpan(Envelope.HeaderBytes)).Kdf;
    }

    public static byte[] WrapWithRecoveryCode(UserKeyPair keys, RecoveryCode code)
    {
        var wrappingKey = RecoveryWrappingKey(code);
        try
        {
            return Envelope.Seal(EnvelopeKind.RecoveryWrappedKey, wrappingKey, keys.PrivateKey, keys.PublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    public static UserKeyPair UnwrapWithRecoveryCode(byte[] wrapped, byte[] publicKey, string typedCode)
    {
        using var code = RecoveryCode.Parse(typedCode);
        var wrappingKey = RecoveryWrappingKey(code);
        try
        {
            var privateKey = Envelope.Open(EnvelopeKind.RecoveryWrappedKey, wrappingKey, wrapped, publicKey, CryptoFailure.WrongRecoveryCode);
            return UserKeyPair.FromPrivateKey(privateKey, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    /// <summary>Seals the private key to a structure's recovery public key (admin-assisted recovery).</summary>
    public static byte[] SealToEscrow(UserKeyPair keys, byte[] structureRecoveryPublicKey) =>
        KeySealing.Seal(keys.PrivateKey, structureRecoveryPublicKey);

    public static UserKeyPair OpenEscrow(byte[] escrow, byte[] publicKey, UserKeyPair structureRecoveryKeys) =>
        UserKeyPair.FromPrivateKey(KeySealing.Open(escrow, structureRecoveryKeys), publicKey);

    // 128 random bits need no slow KDF: a keyed BLAKE2b spreads them to a 256-bit wrapping key.
    private static byte[] RecoveryWrappingKey(RecoveryCode code) => GenericHash.Hash(RecoveryContext, code.Key, Envelope.KeyBytes);
}
