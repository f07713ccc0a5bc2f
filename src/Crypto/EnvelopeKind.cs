namespace Collab.Crypto;

/// <summary>What an envelope holds; stored in its second byte and authenticated with it.</summary>
public enum EnvelopeKind : byte
{
    PasswordWrappedKey = 1,
    RecoveryWrappedKey = 2,
    SealedKey = 3,
    Content = 4,
    Attachment = 5,
    SessionKey = 6,

    /// <summary>A discussion message whose place the grain assigns (<see cref="MessageCipher"/>); <see cref="Content"/> is bound to a position given before.</summary>
    Message = 7,

    /// <summary>A key of the web nodes' shared cookie key ring, under the key-ring secret file (never in the database).</summary>
    KeyRingKey = 8,
}
