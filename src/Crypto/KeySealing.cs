using System.Security.Cryptography;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// A key sealed to a public key (crypto_box_seal): anyone can seal with public keys only; only the
/// holder of the matching private key opens. Used for epoch keys, group key versions and escrow.
/// The sealed plaintext repeats the envelope header, so a header swapped outside is caught inside.
/// </summary>
public static class KeySealing
{
    public static byte[] Seal(ReadOnlySpan<byte> key, byte[] recipientPublicKey)
    {
        var header = Envelope.Header(EnvelopeKind.SealedKey);
        var plaintext = Envelope.Concat(header, key);
        try
        {
            return Envelope.Concat(header, SealedPublicKeyBox.Create(plaintext, recipientPublicKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public static byte[] Open(byte[] sealedKey, UserKeyPair recipient)
    {
        Envelope.CheckHeader(EnvelopeKind.SealedKey, sealedKey, Envelope.HeaderBytes + 48 + Envelope.HeaderBytes);
        byte[] plaintext;
        try
        {
            plaintext = SealedPublicKeyBox.Open(sealedKey[Envelope.HeaderBytes..], recipient.PrivateKey, recipient.PublicKey);
        }
        catch (CryptographicException)
        {
            throw new CryptoException(CryptoFailure.NotARecipient, "This key pair cannot open the sealed key (not a recipient, or altered).");
        }

        try
        {
            if (!plaintext.AsSpan(0, Envelope.HeaderBytes).SequenceEqual(sealedKey.AsSpan(0, Envelope.HeaderBytes)))
            {
                throw new CryptoException(CryptoFailure.Tampered, "The sealed key's header was altered.");
            }

            return plaintext[Envelope.HeaderBytes..];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
