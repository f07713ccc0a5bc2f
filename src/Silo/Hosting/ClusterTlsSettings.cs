namespace Collab.Silo.Hosting;

/// <summary><c>Cluster:Tls:*</c>: the shared cluster certificate (created when missing) and its password.</summary>
public sealed record ClusterTlsSettings(string CertificatePath, string? CertificatePassword);
