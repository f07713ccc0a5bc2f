using System.Text;
using Collab.Grains.Retention;
using Npgsql;

namespace Collab.Silo.Audit;

/// <summary>
/// Finds and checks deletion certificates: the Ed25519 signature of the certificate text by the
/// audit key, and that it names the object it is filed under. (That the audit event holding it was
/// not removed or altered is what <see cref="AuditVerifier"/> proves.)
/// </summary>
public static class DeletionCertificates
{
    public static string? Check(SignedCertificate signed, AuditSigningKey key, string? objectId = null)
    {
        if (signed.Signer != key.KeyId)
        {
            return $"signed by key {signed.Signer}, not by this platform's audit key {key.KeyId}";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signed.Signature);
        }
        catch (FormatException)
        {
            return "the signature is not Base64";
        }

        if (!key.Verifies(signature, Encoding.UTF8.GetBytes(signed.Certificate)))
        {
            return "the signature does not match the certificate text (altered)";
        }

        var certificate = signed.Read();
        if (certificate.Format != DeletionCertificate.FormatV1)
        {
            return $"unknown format {certificate.Format}";
        }

        return objectId is not null && certificate.ObjectId != objectId ? $"certifies {certificate.ObjectId}, not {objectId}" : null;
    }

    /// <summary>Every certificate filed under <paramref name="objectId"/>, checked.</summary>
    public static async Task<IReadOnlyList<CertificateCheck>> FindAsync(NpgsqlDataSource dataSource, AuditSigningKey key, string objectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT occurred_at, detail FROM audit_event WHERE object_id = $1 AND detail IS NOT NULL AND (action LIKE '%.destroy' OR action LIKE '%.expire' OR action LIKE '%.close') ORDER BY occurred_at");
        command.Parameters.AddWithValue(objectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<CertificateCheck>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var signed = SignedCertificate.FromJson(reader.GetString(1));
            if (signed is not null)
            {
                found.Add(new CertificateCheck(new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero), signed, Check(signed, key, objectId)));
            }
        }

        return found;
    }
}
