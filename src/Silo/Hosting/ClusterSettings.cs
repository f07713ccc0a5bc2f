using System.Net;

namespace Collab.Silo.Hosting;

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
