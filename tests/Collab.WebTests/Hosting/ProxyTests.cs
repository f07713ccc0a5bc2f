using System.Net;
using System.Net.WebSockets;
using Collab.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collab.WebTests.Hosting;

/// <summary>
/// Collab.Proxy (the cluster's entry point, a real process) in front of two stand-in web nodes: when a node's process
/// dies, the clients it held reconnect at once, and their requests go to the other node — those sent to the dead one
/// before the proxy knew are sent again, unless they carry a body.
/// </summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task After_a_node_refuses_a_connection_the_requests_behind_it_go_to_the_other_node()
    {
        await using var nodes = await TwoNodesAsync();
        var client = nodes.OnB.Client;
        // Many answers from b before it dies: a failure-rate rule alone would let most of the next requests fail on it.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("b", await client.GetStringAsync("/who"));
        }

        await nodes.B.DisposeAsync(); // its process is gone: nothing listens at its address any more
        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await WhoAsync(client));
        }

        Assert.All(answers, r => Assert.Equal((HttpStatusCode.OK, "a"), r));
    }

    [Fact]
    public async Task Requests_sent_together_to_a_node_that_just_died_are_all_answered_by_the_other()
    {
        await using var nodes = await TwoNodesWithBGoneAsync();
        // Fifty clients of b at once (one cookie: each is sent to b until the proxy learns it is gone).
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => WhoAsync(nodes.OnB.Client)));

        Assert.All(answers, r => Assert.Equal((HttpStatusCode.OK, "a"), r));
    }

    [Fact]
    public async Task A_request_with_a_body_refused_by_a_dead_node_is_not_sent_again()
    {
        await using var nodes = await TwoNodesWithBGoneAsync();
        using var posted = await nodes.OnB.Client.PostAsync("/who", new StringContent("un message"));
        var next = await WhoAsync(nodes.OnB.Client);

        Assert.Equal(HttpStatusCode.BadGateway, posted.StatusCode); // the client, not the proxy, decides to send it again
        Assert.Equal((HttpStatusCode.OK, "a"), next);
        Assert.Equal(0, nodes.A.Posts);
    }

    [Fact]
    public async Task When_a_node_dies_under_its_hub_connections_their_reconnection_goes_to_the_other_node_at_once()
    {
        await using var nodes = await TwoNodesAsync();
        var client = nodes.OnB.Client;
        using var hub = new ClientWebSocket();
        hub.Options.Cookies = nodes.OnB.Cookies;
        await hub.ConnectAsync(new UriBuilder(nodes.Proxy.Entry) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);

        await nodes.B.DisposeAsync(); // the process holding the connection dies
        using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await hub.ReceiveAsync(new byte[16], ended.Token);
        }
        catch (WebSocketException)
        {
            // Cut: what a client of a killed node sees.
        }

        await Task.Delay(200); // a hub client's first reconnection waits a moment (0-200 ms in the generator)
        using var response = await client.GetAsync("/who");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}; the proxy said:\n{nodes.Proxy.Tail("proxy")}");
        Assert.Equal("a", await response.Content.ReadAsStringAsync());
    }

    // Which node answered /who (its name), and with what status.
    private static async Task<(HttpStatusCode, string)> WhoAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/who");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Nodes a and b behind the proxy, and a client the proxy keeps on b.
    private static async Task<TwoNodes> TwoNodesAsync()
    {
        var a = await StandInNode.StartAsync("a");
        var b = await StandInNode.StartAsync("b");
        var proxy = await ClusterProcesses.StartProxyAsync([a.Address, b.Address]);
        return new TwoNodes(a, b, proxy, await ClientKeptOnAsync(proxy.Entry, "b"));
    }

    // The same, once the client kept on b was answered by b and b's process is gone (nothing listens at its address).
    private static async Task<TwoNodes> TwoNodesWithBGoneAsync()
    {
        var nodes = await TwoNodesAsync();
        Assert.Equal("b", await nodes.OnB.Client.GetStringAsync("/who"));
        await nodes.B.DisposeAsync();
        return nodes;
    }

    private sealed record TwoNodes(StandInNode A, StandInNode B, ClusterProcesses Proxy, Pinned OnB) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            OnB.Dispose();
            await Proxy.DisposeAsync();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    // A client whose affinity cookie keeps it on the node named <paramref name="node"/> (a new cookie jar until the
    // proxy's balancing gives it that node).
    private static async Task<Pinned> ClientKeptOnAsync(Uri entry, string node)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var cookies = new CookieContainer();
            var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = entry };
            if (await client.GetStringAsync("/who") == node)
            {
                return new Pinned(client, cookies);
            }

            client.Dispose();
        }

        throw new InvalidOperationException($"The proxy never sent a new client to {node}.");
    }

    private sealed record Pinned(HttpClient Client, CookieContainer Cookies) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    /// <summary>A web node's stand-in: answers its name at <c>/who</c>, holds WebSockets at <c>/ws</c>, is alive at <c>/health/live</c>.</summary>
    private sealed class StandInNode(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address => address;

        public static async Task<StandInNode> StartAsync(string name)
        {
            var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(address.ToString());
            builder.WebHost.UseShutdownTimeout(TimeSpan.Zero); // stopped, it drops its connections as a killed process
            builder.Logging.ClearProviders();
            var app = builder.Build();
            StandInNode? node = null;
            app.MapGet("/who", () => name);
            app.MapPost("/who", () =>
            {
                Interlocked.Increment(ref node!._posts);
                return name;
            });
            app.MapGet("/health/live", () => "Healthy");
            app.UseWebSockets();
            app.Map("/ws", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await socket.ReceiveAsync(new byte[16], context.RequestAborted); // held until the client or the node goes
            });
            await app.StartAsync();
            return node = new StandInNode(app, address);
        }

        private int _posts;

        /// <summary>How many POSTs reached this node.</summary>
        public int Posts => Volatile.Read(ref _posts);

        private int _stopped;

        /// <summary>Stops the node (once: a test stops b on purpose, then disposes everything).</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }
}
