using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;
using Collab.Silo.Audit;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Audit;

/// <summary>The real PostgreSQL trail behind a switch that makes it unreachable, as during a failover of its database.</summary>
public sealed class SwitchableAuditTrail(IAuditTrail inner, AuditSwitch state) : IAuditTrail
{
    public Task RecordAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default) =>
        state.Unreachable ? throw new TimeoutException("audit trail unreachable (test)") : inner.RecordAsync(events, cancellationToken);
}

public sealed class AuditSwitch
{
    public volatile bool Unreachable;
}

public sealed class AuditOutboxTests
{
    private static readonly PractitionerRegistration Claire = new(
        "Martin", "Claire", Profession.Physician, new ProfessionalIdentifier(IdentifierKind.Rpps, "10003456786"), "claire.martin@example.org");

    [Fact]
    public async Task A_write_keeps_its_audit_record_when_the_trail_is_down_and_hands_it_over_later()
    {
        var trailState = new AuditSwitch { Unreachable = true };
        await using var harness = await ClusterHarness.StartAsync(configure: silo => silo.Services.AddSingleton<IAuditTrail>(
            sp => new SwitchableAuditTrail(sp.GetRequiredService<PostgresAuditTrail>(), trailState)));
        var (cluster, database) = (harness.Cluster, harness.Database);
        var id = Guid.NewGuid();

        var profile = await cluster.Client.GetGrain<IPractitionerGrain>(id).Register(Claire, Caller.System("test"));
        var recordedWhileDown = await database.ScalarAsync<long>("SELECT count(*) FROM audit_event");
        var pendingInState = await database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE convert_from(payload, 'UTF8') LIKE '%practitioner.register%'");
        trailState.Unreachable = false;
        await cluster.RestartSiloAsync(cluster.Silos[0]);
        await Eventually.Get(
            () => cluster.Client.GetGrain<IPractitionerGrain>(id).GetProfile(Caller.System("test")),
            p => p is not null,
            TimeSpan.FromSeconds(60),
            "the grain to reactivate");

        Assert.Equal(id, profile.Profile.Id.Value);
        Assert.Equal(0, recordedWhileDown);
        Assert.Equal(1, pendingInState);
        Assert.Equal(1, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'practitioner.register' AND object_id = '{id}'"));
    }
}
