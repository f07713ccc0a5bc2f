using Collab.Silo.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Collab.Testing;

/// <summary>
/// The grain tests' arrange step: a database of its own, a one-silo cluster wired like production on it (TestingHost),
/// optionally a fake clock for the grains, and the development outbox that receives their emails and SMS. Disposing
/// stops the cluster and drops the database.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private ClusterHarness(TestDatabase database, InProcessTestCluster cluster, FakeTimeProvider? clock)
    {
        Database = database;
        Cluster = cluster;
        _clock = clock;
    }

    private readonly FakeTimeProvider? _clock;

    public TestDatabase Database { get; }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Grains => Cluster.Client;

    /// <summary>The grains' clock; only when the harness was started with one.</summary>
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("Start the harness with a clock to move time.");

    /// <summary>The (first) silo's services.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider();

    /// <summary>Every email and SMS the grains sent.</summary>
    public DevelopmentOutbox Outbox => Services.GetRequiredService<DevelopmentOutbox>();

    /// <summary>
    /// Creates the database and deploys the cluster. With <paramref name="clockStart"/>, grains read a fake clock that
    /// starts there (Orleans' own timers stay on real time); <paramref name="configure"/> adds to the silo set-up.
    /// </summary>
    public static async Task<ClusterHarness> StartAsync(DateTimeOffset? clockStart = null, Action<ISiloBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync();
        var clock = clockStart is { } start ? new FakeTimeProvider(start) : null;
        var cluster = TestSilos.Cluster(database, configure: silo =>
        {
            if (clock is not null)
            {
                TestSilos.WithClock(clock)(silo);
            }

            configure?.Invoke(silo);
        }).Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }

        return new ClusterHarness(database, cluster, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
