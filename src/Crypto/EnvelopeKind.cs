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
}
