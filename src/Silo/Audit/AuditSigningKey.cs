using System.Security.Cryptography;
using Sodium;

namespace Collab.Silo.Audit;

/// <summary>The Ed25519 key that signs audit segment heads.</summary>
public sealed class AuditSigningKey : Grains.Retention.ICertificateSigner
{
    private const int SeedBytes = 32;
    private readonly byte[] _secretKey;

    private AuditSigningKey(byte[] seed)
    {
        var pair = PublicKeyAuth.GenerateKeyPair(seed);
        _secretKey = pair.PrivateKey;
        PublicKey = pair.PublicKey;
        KeyId = Convert.ToHexStringLower(GenericHash.Hash(PublicKey, (byte[]?)null, 32)[..8]);
        CryptographicOperations.ZeroMemory(seed);
    }

    public byte[] PublicKey { get; }

    /// <summary>A short fingerprint of the public key, stored beside each signature for rotation.</summary>
    public string KeyId { get; }

    public static AuditSigningKey FromSeed(byte[] seed) =>
        seed.Length == SeedBytes ? new AuditSigningKey((byte[])seed.Clone()) : throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));

    /// <summary>Loads the key at <paramref name="path"/>, creating it (owner-only) on first run.</summary>
    public static AuditSigningKey LoadOrCreate(string path)
    {
        Hosting.KeyFile.CreateOnce(path, () => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SeedBytes))));

        byte[] stored;
        try
        {
            stored = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"The audit signing key file {path} is not Base64.");
        }

        return stored.Length == SeedBytes
            ? new AuditSigningKey(stored)
            : throw new InvalidDataException($"The audit signing key file {path} must hold a 32-byte seed.");
    }

    public byte[] Sign(byte[] message) => PublicKeyAuth.SignDetached(message, _secretKey);

    public bool Verifies(byte[] signature, byte[] message) =>
        signature.Length == 64 && PublicKeyAuth.VerifyDetached(signature, message, PublicKey);
}
