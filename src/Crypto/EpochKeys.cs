using System.Security.Cryptography;

namespace Collab.Crypto;

/// <summary>
/// A random key per epoch of a consultation, conversation or mailbox item, sealed to each
/// participant and to the recipient group's current ring version.
/// </summary>
public static class EpochKeys
{
    public static byte[] New() => RandomNumberGenerator.GetBytes(Envelope.KeyBytes);

    /// <summary>Opens an epoch key sealed to a user.</summary>
    public static byte[] Open(byte[] sealedKey, UserKeyPair reader) => KeySealing.Open(sealedKey, reader);

    /// <summary>Opens an epoch key sealed to a group version, through the reader's copy of that version.</summary>
    public static byte[] OpenThroughGroup(byte[] sealedKey, KeyRingVersion groupVersion, Guid reader, UserKeyPair readerKeys)
    {
        using var groupKeys = GroupKeyRing.OpenVersion(groupVersion, reader, readerKeys);
        return KeySealing.Open(sealedKey, groupKeys);
    }
}
