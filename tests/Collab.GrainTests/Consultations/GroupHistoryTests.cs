using Collab.Contracts.Consultations;
using Collab.Contracts.Groups;
using Collab.Testing;
using Collab.Web.Consultations;
using Collab.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.GrainTests.Consultations;

/// <summary>Group history through the web side of the boundary, as the pages and the hub use it.</summary>
public sealed class GroupHistoryTests : ClusterTest
{
    [Fact]
    public async Task A_member_confirmed_later_reads_everything_and_a_removed_member_reads_nothing_written_after()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var founder = await Clinician.RegisterAsync(Grains, "Fondatrice");
        var leaving = await Clinician.RegisterAsync(Grains, "Partant");
        var late = await Clinician.RegisterAsync(Grains, "Tardif");
        var service = await founder.FoundGroupAsync("Cardiologie", leaving);
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, required: null, group: service);
        var sender = await gp.ClientAsync();
        await sender.PostAsync(id, ItemBody.Message("avant le départ"), Guid.NewGuid(), seen: 0);

        // The leaving member and a staying one watch live on the same node (one relay: a new item is opened once
        // there and shared); then the first leaves the group; the GP goes on writing.
        var relay = new LiveRelay(Grains, NullLogger<LiveRelay>.Instance);
        await using var stayerFeed = new ConsultationFeed(relay, await founder.ClientAsync(), id, _ => Task.CompletedTask);
        await stayerFeed.StartAsync();
        await using var leaverFeed = new ConsultationFeed(relay, await leaving.ClientAsync(), id, _ => Task.CompletedTask);
        await leaverFeed.StartAsync();
        await Grains.GetGrain<IGroupGrain>(service).Remove(leaving.Id, founder.Caller);
        await sender.PostAsync(id, ItemBody.Message("après le départ"), Guid.NewGuid(), seen: 0); // starts a new epoch: the group's key rotated
        await Collab.Testing.Eventually.TrueAsync(() => (!leaverFeed.Open || leaverFeed.Contiguous >= 2) && stayerFeed.Contiguous >= 2, "both feeds to react");

        // A member confirmed after both messages reads the whole history.
        await Grains.GetGrain<IGroupGrain>(service).Invite(late.Id, GroupRole.Doctor, founder.Caller);
        await Grains.GetGrain<IGroupGrain>(service).Accept(late.Caller);
        await founder.ConfirmAsync(service, late);

        var lateReads = await (await late.ClientAsync()).ReadAsync(id, 1);
        var seals = await Grains.GetGrain<IConsultationGrain>(id).GetEpochSeals(gp.Caller);

        Assert.Equal(2, seals.Count);
        Assert.False(leaverFeed.Open);
        Assert.Equal(["avant le départ"], leaverFeed.Items.Select(i => i.Body!.Text));
        Assert.Equal(["avant le départ", "après le départ"], stayerFeed.Items.Select(i => i.Body!.Text));
        Assert.Equal(["avant le départ", "après le départ"], lateReads.Select(i => i.Body!.Text));
    }
}
