using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.GrainTests.Orleans;

public sealed class PersistenceTests
{
    private static readonly PractitionerRegistration Claire = new(
        "Martin", "Claire", Profession.Physician, new ProfessionalIdentifier(IdentifierKind.Rpps, "10003456786"), "claire.martin@example.org");

    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        await using var harness = await ClusterHarness.StartAsync();
        var (cluster, database) = (harness.Cluster, harness.Database);
        var id = Guid.NewGuid();

        var created = (await cluster.Client.GetGrain<IPractitionerGrain>(id).Register(Claire, Caller.System("test"))).Profile;
        var restarted = await cluster.RestartSiloAsync(cluster.Silos[0]);
        var read = await Eventually.Get(
            () => cluster.Client.GetGrain<IPractitionerGrain>(id).GetProfile(Caller.System("test")),
            profile => profile is not null,
            TimeSpan.FromSeconds(60),
            "the grain to answer from the restarted silo");

        Assert.NotNull(restarted);
        Assert.Equal(created, read);
        Assert.Equal(1, await database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE payload IS NOT NULL"));
        Assert.Equal(1, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'practitioner.register' AND object_id = '{id}' AND actor = 'system:test'"));
    }
}
