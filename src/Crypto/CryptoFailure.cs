namespace Collab.Crypto;

/// <summary>Why key material or content could not be opened. Never carries key or content bytes.</summary>
public enum CryptoFailure
{
    /// <summary>The password does not unwrap this key.</summary>
    WrongPassword,
    /// <summary>The recovery code does not unwrap this key.</summary>
    WrongRecoveryCode,
    /// <summary>The text is not a recovery code (length or characters).</summary>
    MalformedRecoveryCode,
    /// <summary>This key pair is not a recipient of the sealed key.</summary>
    NotARecipient,
    /// <summary>Authentication failed: altered bytes, another key, or another object, epoch, position or file.</summary>
    Tampered,
    /// <summary>A chunked attachment ended before its last chunk.</summary>
    Truncated,
    /// <summary>The envelope's version or kind byte is not one this code reads.</summary>
    UnsupportedFormat,
    /// <summary>The session is unknown, expired, destroyed, or the cookie's secret does not match.</summary>
    SessionEnded,
}
