using Collab.Contracts.Errors;
using Collab.Contracts.Keys;
using Collab.Crypto;

namespace Collab.Grains.Practitioners;

/// <summary>What stored key material must look like. The grain checks the shape; it can open nothing.</summary>
public static class KeyMaterialRules
{
    // Header, then the fixed parts of each envelope around a 32-byte key.
    private const int PasswordWrappedBytes = Envelope.HeaderBytes + 8 + PasswordKdf.SaltBytes + Envelope.NonceBytes + Envelope.KeyBytes + Envelope.TagBytes;
    private const int RecoveryWrappedBytes = Envelope.HeaderBytes + Envelope.NonceBytes + Envelope.KeyBytes + Envelope.TagBytes;
    private const int SealedKeyBytes = Envelope.HeaderBytes + 48 + Envelope.HeaderBytes + Envelope.KeyBytes;

    public static IReadOnlyList<FieldError> Check(UserKeyMaterial? keys)
    {
        if (keys is null)
        {
            return [new("keys", "is required")];
        }

        var errors = new List<FieldError>();
        if (keys.PublicKey is not { Length: Envelope.KeyBytes })
        {
            errors.Add(new("publicKey", "must be a 32-byte X25519 public key"));
        }

        Expect(errors, "passwordWrapped", EnvelopeKind.PasswordWrappedKey, keys.PasswordWrapped, PasswordWrappedBytes);
        Expect(errors, "recoveryWrapped", EnvelopeKind.RecoveryWrappedKey, keys.RecoveryWrapped, RecoveryWrappedBytes);
        if (keys.EscrowSealed is not null)
        {
            Expect(errors, "escrowSealed", EnvelopeKind.SealedKey, keys.EscrowSealed, SealedKeyBytes);
        }

        return errors;
    }

    /// <summary>Sealed copies of 32-byte keys (group key versions, epoch keys).</summary>
    public static bool IsSealedKey(byte[]? sealedKey) => Envelope.LooksLike(EnvelopeKind.SealedKey, sealedKey, SealedKeyBytes);

    private static void Expect(List<FieldError> errors, string field, EnvelopeKind kind, byte[]? envelope, int length)
    {
        if (!Envelope.LooksLike(kind, envelope, length) || envelope!.Length != length)
        {
            errors.Add(new(field, $"must be a version-{Envelope.Version1} {kind} envelope of {length} bytes"));
        }
    }
}
