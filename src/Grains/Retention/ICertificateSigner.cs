namespace Collab.Grains.Retention;

/// <summary>Signs certificates with the platform's audit key (the key that signs audit segment heads).</summary>
public interface ICertificateSigner
{
    /// <summary>The fingerprint of the public key, as audit segments name it.</summary>
    string KeyId { get; }

    byte[] Sign(byte[] message);
}
