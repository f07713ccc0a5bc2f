using System.Text.Json;

namespace Collab.Grains.Retention;

/// <summary>
/// A signed certificate as stored in the audit event's detail: <see cref="Certificate"/> is the
/// certificate's JSON text, <see cref="Signature"/> the Base64 Ed25519 signature of its UTF-8 bytes by
/// the audit key <see cref="Signer"/>.
/// </summary>
public sealed record SignedCertificate(string Certificate, string Signature, string Signer)
{
    public string ToJson() => JsonSerializer.Serialize(this, DeletionCertificate.Json);

    public static SignedCertificate? FromJson(string json) => JsonSerializer.Deserialize<SignedCertificate>(json, DeletionCertificate.Json);

    public DeletionCertificate Read() =>
        JsonSerializer.Deserialize<DeletionCertificate>(Certificate, DeletionCertificate.Json) ?? throw new InvalidDataException("Empty certificate.");
}
