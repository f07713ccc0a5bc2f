using Collab.Grains;
using Collab.Testing;

namespace Collab.GrainTests.Orleans;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    /// <summary>Each firing, oldest first: the tick it was for, the silo (address and generation) that handled it, when.</summary>
    Task<List<TickFiring>> Firings();
}

[GenerateSerializer, Immutable]
public sealed record TickFiring([property: Id(0)] DateTime Tick, [property: Id(1)] string Silo, [property: Id(2)] DateTimeOffset At);

public sealed class ReminderProbeState
{
    public List<TickFiring> Firings { get; set; } = [];
}

public sealed class ReminderProbeGrain(
    [PersistentState("reminderProbe", StorageNames.Collab)] IPersistentState<ReminderProbeState> state,
    ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    public async Task Start(TimeSpan period) => await this.RegisterOrUpdateReminder("probe", period, period);

    public Task<List<TickFiring>> Firings() => Task.FromResult(state.State.Firings);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Firings.Add(new TickFiring(status.CurrentTickTime, silo.SiloAddress.ToParsableString(), DateTimeOffset.UtcNow));
        await state.WriteStateAsync();
    }
}

public sealed class ReminderTests
{
    [Fact]
    public async Task A_reminder_survives_a_silo_restart_and_fires_on_the_new_silo()
    {
        await using var harness = await ClusterHarness.StartAsync(configure: silo => silo.Configure<ReminderOptions>(o =>
        {
            o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
            o.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
        }));
        var (cluster, database) = (harness.Cluster, harness.Database);
        var probe = cluster.Client.GetGrain<IReminderProbeGrain>("restart");

        await probe.Start(TimeSpan.FromSeconds(2));
        var stored = await database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'probe'");
        var restarted = await cluster.RestartSiloAsync(cluster.Silos[0]);
        var newSilo = restarted!.SiloAddress.ToParsableString();
        var firings = await Eventually.Get(
            () => cluster.Client.GetGrain<IReminderProbeGrain>("restart").Firings(),
            f => f.Any(x => x.Silo == newSilo),
            TimeSpan.FromSeconds(60),
            "the reminder to fire on the restarted silo");

        Assert.Equal(1, stored);
        Assert.Contains(newSilo, firings.Select(f => f.Silo));
    }
}
