using System.Net;
using System.Net.Sockets;

namespace Collab.Testing;

/// <summary>Free local TCP ports for silos and gateways started by tests.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
