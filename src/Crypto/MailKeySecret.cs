using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// The secret of an applicative mailbox's API key: <c>cmk.{mailbox}.{key}.{32 random bytes, base64url}</c>. The platform
/// keeps only its SHA-256 (the secret is random, so a plain hash cannot be reversed or guessed) and, for a key that may
/// receive, the public half of a key pair derived from the secret — the mailbox's ring is sealed to it like to a reader,
/// so software presenting the key opens its mail and nobody else can.
/// </summary>
public sealed record MailKeySecret(Guid Mailbox, Guid Key, byte[] Secret)
{
    private const string Prefix = "cmk";
    private static readonly byte[] KeyPairLabel = Encoding.ASCII.GetBytes("collab mailbox key pair v1");

    /// <summary>A new secret for key <paramref name="key"/> of <paramref name="mailbox"/>.</summary>
    public static MailKeySecret Create(Guid mailbox, Guid key) => new(mailbox, key, RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads a secret as software presents it; null when it is not one.</summary>
    public static MailKeySecret? Parse(string? text)
    {
        var parts = text?.Trim().Split('.');
        if (parts is not [Prefix, var mailbox, var key, var secret]
            || !Guid.TryParseExact(mailbox, "N", out var m) || !Guid.TryParseExact(key, "N", out var k))
        {
            return null;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(secret);
            return bytes.Length == 32 ? new MailKeySecret(m, k, bytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>What the platform stores to recognise the secret.</summary>
    public byte[] Hash() => SHA256.HashData(Secret);

    /// <summary>Whether <paramref name="storedHash"/> is this secret's (constant time).</summary>
    public bool Matches(byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(), storedHash);

    /// <summary>The key pair derived from the secret (the caller disposes it).</summary>
    public UserKeyPair KeyPair()
    {
        var privateKey = HMACSHA256.HashData(Secret, KeyPairLabel);
        return new UserKeyPair(ScalarMult.Base(privateKey), privateKey);
    }

    public override string ToString() => $"{Prefix}.{Mailbox:N}.{Key:N}.{Base64Url.EncodeToString(Secret)}";
}
