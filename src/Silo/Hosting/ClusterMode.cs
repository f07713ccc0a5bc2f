namespace Collab.Silo.Hosting;

public enum ClusterMode
{
    /// <summary>One process: localhost clustering, the embedded default.</summary>
    Local,
    /// <summary>Several silos sharing ADO.NET clustering on PostgreSQL.</summary>
    AdoNet,
}
