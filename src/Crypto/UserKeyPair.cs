using System.Security.Cryptography;
using Sodium;

namespace Collab.Crypto;

/// <summary>An X25519 key pair. Disposing it zeroes the private key.</summary>
public sealed class UserKeyPair : IDisposable
{
    public UserKeyPair(byte[] publicKey, byte[] privateKey)
    {
        if (publicKey.Length != Envelope.KeyBytes || privateKey.Length != Envelope.KeyBytes)
        {
            throw new ArgumentException("X25519 keys are 32 bytes.");
        }

        PublicKey = publicKey;
        PrivateKey = privateKey;
    }

    public byte[] PublicKey { get; }

    public byte[] PrivateKey { get; }

    public static UserKeyPair Generate()
    {
        var pair = PublicKeyBox.GenerateKeyPair();
        return new UserKeyPair(pair.PublicKey, pair.PrivateKey);
    }

    /// <summary>Rebuilds the pair from an unwrapped private key, checking it matches the stored public key.</summary>
    public static UserKeyPair FromPrivateKey(byte[] privateKey, byte[] expectedPublicKey)
    {
        var publicKey = ScalarMult.Base(privateKey);
        if (!CryptographicOperations.FixedTimeEquals(publicKey, expectedPublicKey))
        {
            CryptographicOperations.ZeroMemory(privateKey);
            throw new CryptoException(CryptoFailure.Tampered, "The unwrapped private key does not match the public key.");
        }

        return new UserKeyPair(publicKey, privateKey);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(PrivateKey);
}
