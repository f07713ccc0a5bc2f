using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Collab.Testing;

/// <summary>
/// Free local TCP ports for the silos, gateways and web servers that tests start. They are drawn below
/// the kernel's ephemeral range (32768–60999 on Linux): a port the kernel hands out for an outgoing
/// connection (PostgreSQL, Chromium, HTTP clients of a parallel test project) can never be one of
/// them, so a port found free here is still free when the server binds it a moment later.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int End = 32_000;
    private static readonly ConcurrentDictionary<int, bool> Given = new();

    public static int Next()
    {
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            if (!Given.TryAdd(port, true))
            {
                continue;
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another process: try another.
            }
        }
        throw new InvalidOperationException($"No free TCP port between {First} and {End}.");
    }
}
