using System.Collections.Concurrent;
using Collab.Testing;
using Collab.Web.Consultations;
using Collab.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.GrainTests.Consultations;

public sealed class LiveResyncTests : ClusterTest
{
    [Fact]
    public async Task After_a_silo_restart_and_a_dropped_connection_the_viewer_holds_every_message_once_in_order()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, cardiologist, group: null);
        var sender = await gp.ClientAsync();
        var viewer = await cardiologist.ClientAsync();
        var shown = new ConcurrentQueue<OpenItem>(); // what the viewer's screen received, in arrival order
        Task Show(FeedChange change)
        {
            foreach (var item in change.Items)
            {
                shown.Enqueue(item);
            }

            return Task.CompletedTask;
        }

        async Task Say(int n)
        {
            var clientId = Guid.NewGuid();
            var sequence = await sender.PostAsync(id, ItemBody.Message($"message {n}"), clientId, seen: 0);
            if (n % 4 == 0)
            {
                // A send retried after a lost acknowledgement is stored once.
                Assert.Equal(sequence, await sender.PostAsync(id, ItemBody.Message($"message {n}"), clientId, seen: 0));
            }
        }

        var relay = new LiveRelay(Grains, NullLogger<LiveRelay>.Instance);
        var feed = new ConsultationFeed(relay, viewer, id, Show);
        await feed.StartAsync();
        for (var n = 1; n <= 5; n++)
        {
            await Say(n);
        }

        await Collab.Testing.Eventually.TrueAsync(() => feed.Contiguous == 5);

        // The silo restarts between messages: the grain's relay subscriptions are gone with it.
        await Cluster.RestartSiloAsync(Cluster.Silos[0]);
        for (var n = 6; n <= 10; n++)
        {
            await Say(n);
        }

        await relay.RenewAsync(); // what the relay's timer does: it learns the last sequence and the feed reads the gap
        await Collab.Testing.Eventually.TrueAsync(() => feed.Contiguous == 10);

        // The viewer's connection drops mid-conversation; messages go on; it reconnects from its last sequence.
        var lastSeen = feed.Contiguous;
        await feed.DisposeAsync();
        for (var n = 11; n <= 15; n++)
        {
            await Say(n);
        }

        await using var reconnected = new ConsultationFeed(relay, viewer, id, Show);
        await reconnected.StartAsync(lastSeen);
        await Say(16);
        await Collab.Testing.Eventually.TrueAsync(() => reconnected.Contiguous == 16);

        Assert.Equal(Enumerable.Range(1, 16).Select(n => (long)n), shown.Select(i => i.Sequence));
        Assert.Equal(Enumerable.Range(1, 16).Select(n => $"message {n}"), shown.Select(i => i.Body!.Text));
        Assert.Equal(16, await Database.ScalarAsync<long>($"SELECT count(*) FROM encrypted_item WHERE owner_id = '{id}'"));
    }
}
