using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sodium;

namespace Collab.Grains.Retention;

/// <summary>
/// Proof that an object's content was destroyed: which object, when, why, how many of each kind of
/// row went, and a digest of the identifiers of the keys destroyed — nothing of the content. Signed
/// with the audit key and written to the audit trail (see docs/security.md, "Deletion certificates").
/// </summary>
public sealed record DeletionCertificate(
    string Format,
    Guid CertificateId,
    string ObjectType,
    string ObjectId,
    DateTimeOffset DestroyedAt,
    string Reason,
    IReadOnlyDictionary<string, long> Destroyed,
    int KeyCount,
    string KeyDigest)
{
    public const string FormatV1 = "collab.deletion-certificate.v1";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>
    /// A destroyed key's identifier: its label (epoch and recipient) and the BLAKE2b-128 of the
    /// sealed key bytes. Anyone holding a copy of the sealed keys (a backup) can recompute it.
    /// </summary>
    public static string KeyId(string label, byte[] sealedKey) =>
        $"{label}:{Fingerprint(sealedKey)}";

    /// <summary>BLAKE2b-128 of some bytes, in hex: names a key or an envelope without revealing it.</summary>
    public static string Fingerprint(byte[] bytes) => Convert.ToHexStringLower(GenericHash.Hash(bytes, (byte[]?)null, 16));

    /// <summary>BLAKE2b-256 over the sorted identifiers, one per line (UTF-8, "\n" between).</summary>
    public static string Digest(IEnumerable<string> keyIds) =>
        Convert.ToHexStringLower(GenericHash.Hash(Encoding.UTF8.GetBytes(string.Join('\n', keyIds.Order(StringComparer.Ordinal))), (byte[]?)null, 32));

    public static DeletionCertificate Create(
        string objectType, string objectId, DateTimeOffset at, string reason, IReadOnlyDictionary<string, long> destroyed, IReadOnlyCollection<string> keyIds) =>
        new(FormatV1, Guid.CreateVersion7(at), objectType, objectId, at, reason,
            new SortedDictionary<string, long>(destroyed.ToDictionary(), StringComparer.Ordinal), keyIds.Count, Digest(keyIds));

    /// <summary>Signs the certificate's JSON text; the envelope keeps that exact text so that the signature checks without re-encoding.</summary>
    public SignedCertificate Sign(ICertificateSigner signer)
    {
        var text = JsonSerializer.Serialize(this, Json);
        return new SignedCertificate(text, Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes(text))), signer.KeyId);
    }
}
