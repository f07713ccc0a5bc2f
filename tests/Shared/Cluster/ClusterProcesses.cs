using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Collab.Testing;

/// <summary>
/// The platform as <c>./collab cluster</c> runs it, in processes of their own: silos (ADO.NET clustering, TLS between
/// them), web nodes as Orleans clients, and Collab.Proxy in front, on a test database, real TCP everywhere. The
/// first web node creates the demo data (the operator validates the test's accounts). Kill any of them with
/// <see cref="Kill"/>, start it again with <see cref="RestartAsync"/>.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Process> _processes = new();
    private readonly ConcurrentDictionary<string, Action> _launchers = new();
    private readonly Dictionary<string, int> _readyPorts = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _output = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "collab-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    private ClusterProcesses(Uri entry) => Entry = entry;

    /// <summary>The proxy's address: what browsers and the test's clients use.</summary>
    public Uri Entry { get; }

    /// <summary>Each silo's health port (for <c>/health/activations</c>).</summary>
    public Dictionary<string, int> HealthPorts { get; } = [];

    public static async Task<ClusterProcesses> StartAsync(TestDatabase database, int silos, int webs)
    {
        var entryPort = FreePorts.Next();
        var cluster = new ClusterProcesses(new Uri($"http://127.0.0.1:{entryPort}"));
        Directory.CreateDirectory(cluster._folder);
        var common = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["COLLAB_DATABASE__CONNECTIONSTRING"] = database.ConnectionString,
            ["COLLAB_CLUSTER__MODE"] = "AdoNet",
            ["COLLAB_CLUSTER__CLUSTERID"] = database.Name,
            ["COLLAB_CLUSTER__SERVICEID"] = database.Name,
            ["COLLAB_CLUSTER__ADVERTISEDADDRESS"] = "127.0.0.1",
            ["COLLAB_CLUSTER__TLS__ENABLED"] = "true",
            ["COLLAB_CLUSTER__TLS__CERTIFICATEPATH"] = Path.Combine(cluster._folder, "cluster-tls.pfx"),
            ["COLLAB_AUDIT__SIGNINGKEYPATH"] = Path.Combine(cluster._folder, "audit-signing.key"),
            ["COLLAB_KNOWLEDGE__PEPPERPATH"] = Path.Combine(cluster._folder, "knowledge-pepper.key"),
            ["COLLAB_WEB__KEYRINGSECRETPATH"] = Path.Combine(cluster._folder, "web-keyring.key"),
            ["COLLAB_WEB__PUBLICURL"] = cluster.Entry.ToString(),
            ["COLLAB_MAIL__SMTP__PORT"] = "0",
            ["COLLAB_RATELIMIT__CREDENTIALSPERMINUTE"] = "1000000",
            ["COLLAB_RATELIMIT__REGISTRATIONSPERHOUR"] = "1000000",
        };

        for (var i = 1; i <= silos; i++)
        {
            var health = FreePorts.Next();
            cluster.HealthPorts[$"silo-{i}"] = health;
            cluster.Launch($"silo-{i}", "Silo", ["--urls", $"http://127.0.0.1:{health}"], new(common)
            {
                ["COLLAB_CLUSTER__SILOPORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
                ["COLLAB_CLUSTER__GATEWAYPORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            });
            if (i == 1)
            {
                await cluster.ReadyAsync("silo-1", health, "/health/ready"); // migrations and the certificate first
            }
        }

        for (var i = 2; i <= silos; i++)
        {
            await cluster.ReadyAsync($"silo-{i}", cluster.HealthPorts[$"silo-{i}"], "/health/ready");
        }

        var nodes = new List<string>();
        for (var i = 1; i <= webs; i++)
        {
            var port = FreePorts.Next();
            nodes.Add($"http://127.0.0.1:{port}");
            cluster.Launch($"web-{i}", "Web", ["--contentRoot", Path.Combine(Repository(), "src", "Web"), "--urls", nodes[^1]], new(common)
            {
                ["COLLAB_WEB__COHOSTSILO"] = "false",
                ["COLLAB_WEB__TRUSTEDPROXIES"] = "127.0.0.1",
                ["COLLAB_DEMO__ENABLED"] = i == 1 ? "true" : "false",
            });
        }

        for (var i = 1; i <= webs; i++)
        {
            await cluster.ReadyAsync($"web-{i}", new Uri(nodes[i - 1]).Port, "/health/ready");
        }

        await cluster.StartProxyAsync(nodes);
        return cluster;
    }

    /// <summary>Only Collab.Proxy, in front of <paramref name="nodes"/> (the proxy's own behaviour, with stand-in nodes).</summary>
    public static async Task<ClusterProcesses> StartProxyAsync(IEnumerable<Uri> nodes)
    {
        var cluster = new ClusterProcesses(new Uri($"http://127.0.0.1:{FreePorts.Next()}"));
        Directory.CreateDirectory(cluster._folder);
        await cluster.StartProxyAsync(nodes.Select(n => n.ToString().TrimEnd('/')));
        return cluster;
    }

    private async Task StartProxyAsync(IEnumerable<string> nodes)
    {
        Launch("proxy", "Proxy", ["--urls", Entry.ToString()], new() { ["COLLAB_PROXY__NODES"] = string.Join(',', nodes) });
        await ReadyAsync("proxy", Entry.Port, "/proxy/health");
    }

    /// <summary>kill -9.</summary>
    public void Kill(string name) => _processes[name].Kill(entireProcessTree: true);

    /// <summary>Starts a killed process again, as a service manager would, and waits until it is ready.</summary>
    public async Task RestartAsync(string name)
    {
        _processes[name].Dispose();
        _launchers[name]();
        await ReadyAsync(name, _readyPorts[name], name.StartsWith("proxy", StringComparison.Ordinal) ? "/proxy/health" : "/health/ready");
    }

    /// <summary>The silo holding the most activations whose grain type contains <paramref name="grainType"/>, among the living.</summary>
    public async Task<string> BusiestSiloAsync(string grainType)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var counts = new Dictionary<string, int>();
        foreach (var (name, port) in HealthPorts.Where(h => !_processes[h.Key].HasExited))
        {
            var activations = await http.GetFromJsonAsync<Dictionary<string, int>>($"http://127.0.0.1:{port}/health/activations");
            counts[name] = activations!.Where(a => a.Key.Contains(grainType, StringComparison.Ordinal)).Sum(a => a.Value);
        }

        return counts.MaxBy(c => c.Value).Key;
    }

    /// <summary>The last lines a process wrote (for a failing test's message).</summary>
    public string Tail(string name, int lines = 30) => string.Join('\n', (_output.GetValueOrDefault(name) ?? []).TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Launch(string name, string project, string[] arguments, Dictionary<string, string> environment)
    {
        _launchers[name] = () => Start(name, project, arguments, environment);
        _launchers[name]();
    }

    private void Start(string name, string project, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        start.ArgumentList.Add(Path.Combine(Repository(), "src", project, "bin", "Release", "net10.0", $"Collab.{project}.dll"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("COLLAB_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable); // only what this cluster says
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = _output.GetOrAdd(name, _ => new());
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[name] = process;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    private async Task ReadyAsync(string name, int port, string path)
    {
        _readyPorts[name] = port;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline && !_processes[name].HasExited)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}{path}")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"{name} did not become ready:\n{Tail(name)}");
    }

    private static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Collab.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Collab.sln not found above the test binaries.");
    }
}
