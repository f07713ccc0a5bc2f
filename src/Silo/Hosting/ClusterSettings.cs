using System.Net;

namespace Collab.Silo.Hosting;

public enum ClusterMode
{
    /// <summary>One process: localhost clustering, the embedded default.</summary>
    Local,
    /// <summary>Several silos sharing ADO.NET clustering on PostgreSQL.</summary>
    AdoNet,
}

/// <summary>Settings under <c>Cluster:</c>.</summary>
public sealed record ClusterSettings(
    ClusterMode Mode,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress);
