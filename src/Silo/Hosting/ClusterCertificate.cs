using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Collab.Silo.Hosting;

/// <summary>
/// The certificate every node of one cluster shares for mutual TLS between silos and from clients to gateways
/// (<c>Cluster:Tls:*</c>). A node accepts a connection only from a peer presenting this very certificate (pinned
/// by its SHA-256 hash), so reaching a silo or gateway port is not enough to call grains as the platform. Created
/// on first use (owner-only PKCS#12) for development; in production the same file is given to every node.
/// </summary>
public sealed class ClusterCertificate
{
    public const string Subject = "collab-cluster";

    private ClusterCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Pin = certificate.GetCertHash(HashAlgorithmName.SHA256);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of the certificate: the only one a peer may present.</summary>
    public byte[] Pin { get; }

    /// <summary>Loads the certificate at <paramref name="path"/>, creating a self-signed one (owner-only) when missing.</summary>
    public static ClusterCertificate LoadOrCreate(string path, string? password) => new(LoadOrCreate(path, password, Subject));

    /// <summary>
    /// The certificate at <paramref name="path"/>, created self-signed for <paramref name="subject"/> (owner-only PKCS#12)
    /// when missing — for development; in production the file is the operator's.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string path, string? password, string subject)
    {
        KeyFile.CreateOnce(path, () => CreateSelfSigned(subject).Export(X509ContentType.Pkcs12, password));

        return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>Mutual TLS: each side presents the cluster certificate and accepts only the cluster certificate.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), Pin);
        options.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = Subject;
    }

    private static X509Certificate2 CreateSelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(subject);
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }
}
