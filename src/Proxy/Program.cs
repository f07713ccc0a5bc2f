using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

// The one entry point of a cluster on one machine (./collab cluster): every request to one of the web nodes
// (Proxy:Nodes), a browser kept on the node that holds its Blazor circuit (affinity cookie), moved to another
// when that node stops answering (its liveness, not its readiness: a database restart makes every node unready at
// once, and sending nobody anywhere would turn a one-second pause into errors) — any node serves any session
// (docs/deployment.md).
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("COLLAB_"); // COLLAB_PROXY__NODES, as the other processes' settings
// Warnings and errors only, as the other processes: a line per request and per health probe cost the proxy a sixth of
// a core, and a thousand clients reconnecting at once (a web node lost) filled the console's queue until requests waited
// on it. A node's health changing is a warning.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff "; // as the other processes' logs, to read a failover across them
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Yarp", LogLevel.Warning);
// A request whose affinity cookie names a node that is gone is sent to another (the failure policy): expected, not a warning.
builder.Logging.AddFilter("Yarp.ReverseProxy.SessionAffinity", LogLevel.Error);
var nodes = (builder.Configuration["Proxy:Nodes"] ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(n => Uri.TryCreate(n, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        ? uri
        : throw new InvalidOperationException($"Proxy:Nodes: '{n}' is not an http(s) address; give the web nodes as http://127.0.0.1:5081,http://127.0.0.1:5082"))
    .ToList();
if (nodes.Count == 0)
{
    Console.Error.WriteLine("Proxy:Nodes is required: the web nodes' addresses, separated by commas (COLLAB_PROXY__NODES).");
    return 2;
}

builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig { RouteId = "collab", ClusterId = "web", Match = new RouteMatch { Path = "{**rest}" } },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "web",
            Destinations = nodes.Select((uri, i) => (uri, i)).ToDictionary(n => $"web-{n.i + 1}", n => new DestinationConfig { Address = n.uri.ToString(), Health = new Uri(n.uri, "/health/live").ToString() }),
            SessionAffinity = new SessionAffinityConfig
            {
                Enabled = true,
                Policy = "HashCookie",
                FailurePolicy = "Redistribute",
                AffinityKeyName = "collab.node",
                Cookie = new SessionAffinityCookieConfig { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true },
            },
            HealthCheck = new HealthCheckConfig
            {
                // Two missed probes (a node that stopped answering); a node that died is found sooner by the requests that
                // fail on it (passive). One slow probe is not enough: when a thousand connections of a dead node close at
                // once the proxy itself stalls for a moment, and it took the surviving node out too.
                Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(2), Policy = "ConsecutiveFailures", Path = "" },
                Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = Collab.Proxy.RefusedConnectionPolicy.PolicyName, ReactivationPeriod = TimeSpan.FromSeconds(5) },
            },
            Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "2" },
        },
    ]);
builder.Services.AddSingleton<IPassiveHealthCheckPolicy, Collab.Proxy.RefusedConnectionPolicy>();
// A node the requests found dead is given traffic again 10 s after (YARP's window is a minute): the restarted process.
builder.Services.Configure<Yarp.ReverseProxy.Health.TransportFailureRateHealthPolicyOptions>(o => o.DetectionWindowSize = TimeSpan.FromSeconds(10));
var app = builder.Build();
app.MapReverseProxy(proxy =>
{
    proxy.Use(Collab.Proxy.NextNodeOnRefusal.InvokeAsync); // a request refused by a dead node goes to another
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});
app.MapGet("/proxy/health", () => "Healthy");
await app.RunAsync();
return 0;
