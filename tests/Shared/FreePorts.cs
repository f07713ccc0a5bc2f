using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Collab.Testing;

/// <summary>
/// Free local TCP ports for the silos, gateways and web servers that tests start. They are drawn below
/// the kernel's ephemeral range (32768–60999 on Linux): a port the kernel hands out for an outgoing
/// connection (PostgreSQL, Chromium, HTTP clients of a parallel test project) can never be one of
/// them, so a port found free here is still free when the server binds it a moment later. The test projects run at
/// once, each in its own process: each draws from its own slice of the range, so two of them never pick the same port
/// between probing it and binding it (a browser test once failed on "address already in use").
/// </summary>
public static class FreePorts
{
    private const int Slice = 3_000;

    // This file is compiled into each test project: its assembly names the project.
    private static readonly int First = 20_000 + (Slice * typeof(FreePorts).Assembly.GetName().Name switch
    {
        "Collab.GrainTests" => 1,
        "Collab.WebTests" => 2,
        "Collab.BrowserTests" => 3,
        _ => 0,
    });

    private static readonly int End = First + Slice;
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
