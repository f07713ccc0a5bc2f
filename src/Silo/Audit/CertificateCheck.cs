using Collab.Grains.Retention;

namespace Collab.Silo.Audit;

/// <summary>A deletion certificate found in the audit trail, with what checking it found.</summary>
public sealed record CertificateCheck(DateTimeOffset RecordedAt, SignedCertificate Signed, string? Problem)
{
    public bool IsValid => Problem is null;
}
