using System.Net;

namespace Collab.Silo.Hosting;

public enum ClusterMode
{
    /// <summary>One process: localhost clustering, the embedded default.</summary>
    Local,
    /// <summary>Several silos sharing ADO.NET clustering on PostgreSQL.</summary>
    AdoNet,
}

/// <summary>
/// Settings under <c>Cluster:</c>. Silos listen on <see cref="AdvertisedAddress"/> only (not every address of the
/// machine); with <see cref="Tls"/> every silo-to-silo and client-to-gateway connection is mutual TLS with the
/// cluster certificate.
/// </summary>
public sealed record ClusterSettings(
    ClusterMode Mode,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress,
    ClusterTlsSettings? Tls = null);

/// <summary><c>Cluster:Tls:*</c>: the shared cluster certificate (created when missing) and its password.</summary>
public sealed record ClusterTlsSettings(string CertificatePath, string? CertificatePassword);
