using Collab.Contracts.Access;
using Collab.Testing;
using Orleans.TestingHost;

namespace Collab.GrainTests.Orleans;

/// <summary>A test class with its own database and one-silo cluster, created before and dropped after its tests.</summary>
public abstract class ClusterTest : IAsyncLifetime
{
    protected static readonly Caller Platform = Caller.System("tests");

    protected TestDatabase Database { get; private set; } = null!;

    protected InProcessTestCluster Cluster { get; private set; } = null!;

    protected IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Cluster = TestSilos.Cluster(Database).Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
