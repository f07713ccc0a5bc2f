using Collab.Grains;
using Collab.Silo.Hosting;
using Collab.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Messaging;

namespace Collab.GrainTests.Orleans;

public interface ICounterProbeGrain : IGrainWithGuidKey
{
    Task<CounterReading> Increment();
}

[GenerateSerializer, Immutable]
public sealed record CounterReading([property: Id(0)] int Count, [property: Id(1)] string Silo);

public sealed class CounterProbeState
{
    public int Count { get; set; }
}

public sealed class CounterProbeGrain(
    [PersistentState("counterProbe", StorageNames.Collab)] IPersistentState<CounterProbeState> state,
    ILocalSiloDetails silo) : Grain, ICounterProbeGrain
{
    public async Task<CounterReading> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return new CounterReading(state.State.Count, silo.SiloAddress.ToParsableString());
    }
}

/// <summary>
/// Two silos and a client started exactly as production starts them (AddCollabSilo, AddCollabClient)
/// in cluster mode: membership, grain state and reminders all in PostgreSQL, real TCP between them.
/// </summary>
public sealed class AdoNetClusterTests
{
    private const int DeadStatus = 6; // Orleans SiloStatus.Dead

    [Fact]
    public async Task A_grain_is_reachable_from_both_silos_and_survives_the_death_of_its_silo()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var ports = new List<(int Silo, int Gateway)> { (FreePorts.Next(), FreePorts.Next()), (FreePorts.Next(), FreePorts.Next()) };

        var silos = new List<IHost>();
        IHost? client = null;
        try
        {
            foreach (var (siloPort, gatewayPort) in ports)
            {
                silos.Add(await StartAsync(database, clusterId, siloPort, gatewayPort, b => b.AddCollabSilo()));
            }

            client = await StartAsync(database, clusterId, 0, ports[0].Gateway, b => b.AddCollabClient());
            var activeRows = await database.ScalarAsync<long>(
                $"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{clusterId}' AND status = 3");

            var id = Guid.NewGuid();
            var fromFirst = await Counter(silos[0], id).Increment();
            var fromSecond = await Counter(silos[1], id).Increment();
            var hostIndex = silos.FindIndex(s => Address(s) == fromFirst.Silo);
            var survivor = silos[1 - hostIndex];

            await silos[hostIndex].StopAsync(new CancellationToken(canceled: true)); // no graceful shutdown
            silos[hostIndex].Dispose();
            var afterDeath = await Eventually.Get(
                () => Counter(client, id).Increment(),
                _ => true,
                TimeSpan.FromSeconds(90),
                "the grain to answer again after its silo died");
            var fromSurvivor = await Counter(survivor, id).Increment();
            var deadRows = await Eventually.Get(
                () => database.ScalarAsync<long>(
                    $"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{clusterId}' AND status = {DeadStatus}"),
                count => count == 1,
                TimeSpan.FromSeconds(60),
                "the dead silo to be marked dead in orleans_membership");

            Assert.Equal(2, activeRows);
            Assert.Equal((1, 2), (fromFirst.Count, fromSecond.Count));
            Assert.Equal(fromFirst.Silo, fromSecond.Silo); // one activation in the cluster, whichever silo asks
            Assert.NotEqual(-1, hostIndex);
            Assert.Equal(3, afterDeath.Count); // state reloaded from PostgreSQL, nothing lost
            Assert.Equal(Address(survivor), afterDeath.Silo);
            Assert.Equal(4, fromSurvivor.Count);
            Assert.Equal(1, deadRows);
        }
        finally
        {
            await StopAllAsync(silos.Append(client).OfType<IHost>());
        }
    }

    [Fact]
    public async Task Reminders_fire_once_per_tick_across_three_silos_and_go_on_when_one_is_killed_between_two_ticks()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clusterId = "ticks-" + Guid.NewGuid().ToString("N")[..8];
        var silos = new List<IHost>();
        IHost? client = null;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await StartAsync(database, clusterId, 0, FreePorts.Next(), b =>
                {
                    b.AddCollabSilo();
                    b.Services.Configure<ReminderOptions>(o =>
                    {
                        o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                        o.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
                    });
                }));
            }

            var gateway = silos[0].Services.GetRequiredService<ILocalSiloDetails>().GatewayAddress!.Endpoint.Port;
            client = await StartAsync(database, clusterId, 0, gateway, b => b.AddCollabClient());
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            var probes = Enumerable.Range(0, 12).Select(_ => grains.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString("N"))).ToList();
            foreach (var probe in probes)
            {
                await probe.Start(TimeSpan.FromSeconds(2));
            }

            await Eventually.Get(async () => (await Task.WhenAll(probes.Select(p => p.Firings()))).Min(f => f.Count), n => n >= 2, TimeSpan.FromSeconds(60), "every reminder to fire twice");

            // Killed right after a tick, before the next: the reminders it owned move to the two others.
            var victim = silos[1];
            var victimAddress = Address(victim);
            await victim.StopAsync(new CancellationToken(canceled: true));
            victim.Dispose();
            silos.Remove(victim);
            var killedAt = DateTimeOffset.UtcNow;
            var firings = await Eventually.Get(
                async () => await Task.WhenAll(probes.Select(p => p.Firings())),
                all => all.All(f => f.Count(x => x.At > killedAt.AddSeconds(5)) >= 2),
                TimeSpan.FromSeconds(90),
                "every reminder to fire twice more on the surviving silos");

            Assert.Contains(firings, f => f.Any(x => x.Silo == victimAddress)); // the victim did own some
            Assert.All(firings, f => Assert.Equal(f.Count, f.Select(x => x.Tick).Distinct().Count())); // no tick fired twice
            Assert.All(firings, f => Assert.DoesNotContain(f, x => x.At > killedAt && x.Silo == victimAddress));
        }
        finally
        {
            await StopAllAsync(silos.Append(client).OfType<IHost>());
        }
    }

    [Fact]
    public async Task A_client_without_the_cluster_certificate_cannot_call_grains()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clusterId = "tls-" + Guid.NewGuid().ToString("N")[..8];
        var keys = Path.Combine(Path.GetTempPath(), "collab-tests", database.Name);
        var tls = new Dictionary<string, string?> { ["Cluster:Tls:Enabled"] = "true", ["Cluster:Tls:CertificatePath"] = Path.Combine(keys, "cluster-tls.pfx") };
        var otherCertificate = new Dictionary<string, string?> { ["Cluster:Tls:Enabled"] = "true", ["Cluster:Tls:CertificatePath"] = Path.Combine(keys, "someone-elses.pfx") };
        var ports = new List<(int Silo, int Gateway)> { (FreePorts.Next(), FreePorts.Next()), (FreePorts.Next(), FreePorts.Next()) };
        var hosts = new List<IHost>();
        try
        {
            foreach (var (siloPort, gatewayPort) in ports)
            {
                hosts.Add(await StartAsync(database, clusterId, siloPort, gatewayPort, b => b.AddCollabSilo(), tls));
            }

            var member = await StartAsync(database, clusterId, 0, ports[0].Gateway, b => b.AddCollabClient(), tls);
            hosts.Add(member);
            var id = Guid.NewGuid();
            var fromMember = await Counter(member, id).Increment();
            var fromOtherSilo = await Counter(hosts[1], id).Increment(); // silo to silo over mutual TLS too

            // An outsider client tries once (no retry), and reports why it could not connect.
            async Task<Exception?> Outsider(Dictionary<string, string?>? settings) => await Record.ExceptionAsync(async () =>
            {
                var outsider = await StartAsync(database, clusterId, 0, ports[0].Gateway, b =>
                {
                    b.AddCollabClient();
                    b.Services.AddSingleton<IClientConnectionRetryFilter>(new NoRetry());
                }, settings).WaitAsync(TimeSpan.FromSeconds(60));
                hosts.Add(outsider);
                await Counter(outsider, id).Increment().WaitAsync(TimeSpan.FromSeconds(20));
            });

            Assert.Equal((1, 2), (fromMember.Count, fromOtherSilo.Count));
            Assert.IsType<ConnectionFailedException>(await Outsider(settings: null)); // plain TCP to a TLS gateway
            Assert.IsType<ConnectionFailedException>(await Outsider(otherCertificate)); // TLS, but not with the cluster's certificate
            Assert.Equal(3, (await Counter(member, id).Increment()).Count); // nothing reached the grain from either
        }
        finally
        {
            await StopAllAsync(hosts);
        }
    }

    [Fact]
    public async Task A_silo_listens_on_its_advertised_address_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (siloPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next());
        var silo = await StartAsync(database, "bind-" + Guid.NewGuid().ToString("N")[..8], siloPort, gatewayPort, b => b.AddCollabSilo());
        try
        {
            // 127.0.0.2 reaches this machine too (all of 127/8 is loopback on Linux): only a wildcard listener answers there.
            async Task<bool> Accepts(string address, int port)
            {
                using var socket = new System.Net.Sockets.TcpClient();
                try
                {
                    await socket.ConnectAsync(System.Net.IPAddress.Parse(address), port).WaitAsync(TimeSpan.FromSeconds(5));
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            }

            Assert.True(await Accepts("127.0.0.1", siloPort));
            Assert.True(await Accepts("127.0.0.1", gatewayPort));
            Assert.False(await Accepts("127.0.0.2", siloPort));
            Assert.False(await Accepts("127.0.0.2", gatewayPort));
        }
        finally
        {
            await StopAllAsync([silo]);
        }
    }

    private sealed class NoRetry : IClientConnectionRetryFilter
    {
        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private static async Task StopAllAsync(IEnumerable<IHost> hosts)
    {
        foreach (var host in hosts.Reverse())
        {
            try
            {
                await host.StopAsync(new CancellationToken(canceled: true));
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
            {
                // already killed by the test, or cut short by the cancelled stop (a kill, not a graceful shutdown)
            }

            host.Dispose();
        }
    }

    private static ICounterProbeGrain Counter(IHost host, Guid id) =>
        host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterProbeGrain>(id);

    private static string Address(IHost silo) =>
        silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    private static async Task<IHost> StartAsync(
        TestDatabase database, string clusterId, int siloPort, int gatewayPort, Action<HostApplicationBuilder> role, Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Cluster:Mode"] = "AdoNet",
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
            ["Cluster:SiloPort"] = (siloPort == 0 ? FreePorts.Next() : siloPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Audit:SigningKeyPath"] = Path.Combine(Path.GetTempPath(), "collab-tests", database.Name, "audit-signing.key"),
        });
        builder.Configuration.AddInMemoryCollection(extra ?? []);
        role(builder);
        builder.Logging.ClearProviders(); // the kill below makes Orleans rightly loud
        // Detect a dead silo in seconds rather than the production minute.
        builder.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
        builder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
