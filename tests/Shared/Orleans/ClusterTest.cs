using Collab.Contracts.Access;
using Collab.Silo.Notifications;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Collab.Testing;

/// <summary>
/// A test class with its own <see cref="ClusterHarness"/> (database, one-silo cluster, outbox; a fake clock when
/// <see cref="ClockStart"/> says where it starts), created before and dropped after its tests.
/// </summary>
public abstract class ClusterTest : IAsyncLifetime
{
    protected static readonly Caller Platform = Caller.System("tests");

    protected ClusterHarness Harness { get; private set; } = null!;

    /// <summary>Where the grains' fake clock starts; null (the default) for real time.</summary>
    protected virtual DateTimeOffset? ClockStart => null;

    protected TestDatabase Database => Harness.Database;

    protected InProcessTestCluster Cluster => Harness.Cluster;

    protected IGrainFactory Grains => Harness.Grains;

    protected FakeTimeProvider Clock => Harness.Clock;

    protected DevelopmentOutbox Outbox => Harness.Outbox;

    protected IServiceProvider Services => Harness.Services;

    /// <summary>Adds to the silo set-up (services a test class replaces).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public async Task InitializeAsync() => Harness = await ClusterHarness.StartAsync(ClockStart, ConfigureSilo);

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
