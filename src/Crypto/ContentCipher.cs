namespace Collab.Crypto;

/// <summary>Messages and other text: XChaCha20-Poly1305 under the epoch key, bound to their position.</summary>
public static class ContentCipher
{
    public static byte[] Encrypt(byte[] plaintext, byte[] epochKey, ContentPosition position) =>
        Envelope.Seal(EnvelopeKind.Content, epochKey, plaintext, Envelope.Position(position.ObjectId, position.Epoch, position.Sequence));

    public static byte[] Decrypt(byte[] envelope, byte[] epochKey, ContentPosition position) =>
        Envelope.Open(EnvelopeKind.Content, epochKey, envelope, Envelope.Position(position.ObjectId, position.Epoch, position.Sequence), CryptoFailure.Tampered);
}
