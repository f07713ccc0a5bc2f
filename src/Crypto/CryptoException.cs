namespace Collab.Crypto;

/// <summary>A typed decryption failure: callers get a reason, never garbage plaintext.</summary>
public sealed class CryptoException(CryptoFailure failure, string message) : Exception(message)
{
    public CryptoFailure Failure { get; } = failure;
}
