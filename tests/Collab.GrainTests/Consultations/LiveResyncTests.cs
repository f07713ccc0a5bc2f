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
        var (id, sender, viewer) = await Clinician.ConsultationBetweenTwoAsync(Grains);
        var shown = new ConcurrentQueue<OpenItem>(); // what the viewer's screen received, in arrival order

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
        var feed = Watch(relay, viewer, id, shown);
        await feed.StartAsync();
        for (var n = 1; n <= 5; n++)
        {
            await Say(n);
        }

        await ShownUpToAsync(shown, 5);

        // The silo restarts between messages: the grain's relay subscriptions are gone with it.
        await Cluster.RestartSiloAsync(Cluster.Silos[0]);
        for (var n = 6; n <= 10; n++)
        {
            await Say(n);
        }

        await relay.RenewAsync(); // what the relay's timer does: it learns the last sequence and the feed reads the gap
        await ShownUpToAsync(shown, 10);

        // The viewer's connection drops mid-conversation; messages go on; it reconnects from its last sequence.
        var lastSeen = feed.Contiguous;
        await feed.DisposeAsync();
        for (var n = 11; n <= 15; n++)
        {
            await Say(n);
        }

        await using var reconnected = Watch(relay, viewer, id, shown);
        await reconnected.StartAsync(lastSeen);
        await Say(16);
        await ShownUpToAsync(shown, 16);

        Assert.Equal(Enumerable.Range(1, 16).Select(n => (long)n), shown.Select(i => i.Sequence));
        Assert.Equal(Enumerable.Range(1, 16).Select(n => $"message {n}"), shown.Select(i => i.Body!.Text));
        Assert.Equal(16, await Database.ScalarAsync<long>($"SELECT count(*) FROM encrypted_item WHERE owner_id = '{id}'"));
    }

    [Fact]
    public async Task A_place_the_log_leaves_empty_is_stepped_over_and_what_follows_reaches_the_viewer_live()
    {
        var (id, sender, viewer) = await Clinician.ConsultationBetweenTwoAsync(Grains);
        for (var n = 1; n <= 3; n++)
        {
            await sender.PostAsync(id, ItemBody.Message($"message {n}"), Guid.NewGuid(), seen: 0);
        }

        // What a post that failed while later ones were written leaves: no row at its place.
        await Database.ExecuteAsync($"DELETE FROM encrypted_item WHERE owner_id = '{id}' AND seq = 2");
        var shown = new ConcurrentQueue<OpenItem>();
        await using var feed = Watch(new LiveRelay(Grains, NullLogger<LiveRelay>.Instance), viewer, id, shown, retainItems: false);
        await feed.StartAsync();
        var readAtStart = feed.Contiguous;
        await sender.PostAsync(id, ItemBody.Message("message 4"), Guid.NewGuid(), seen: 3);
        await ShownUpToAsync(shown, 4);

        Assert.Equal(3, readAtStart);
        Assert.Equal(["message 1", "message 3", "message 4"], shown.Select(i => i.Body!.Text));
    }

    [Fact]
    public async Task A_send_retried_while_others_write_answers_its_first_place_and_the_viewer_holds_every_message_once_in_order()
    {
        var (id, sender, other) = await Clinician.ConsultationBetweenTwoAsync(Grains);
        var shown = new ConcurrentQueue<OpenItem>();
        await using var feed = Watch(new LiveRelay(Grains, NullLogger<LiveRelay>.Instance), other, id, shown);
        await feed.StartAsync();
        var firstId = Guid.NewGuid();
        var first = await sender.PostAsync(id, ItemBody.Message("premier"), firstId, seen: 0);

        // Its acknowledgement was lost: the sender tries again (twice, at once) while both write new messages.
        var retries = Enumerable.Range(0, 2).Select(_ => sender.PostAsync(id, ItemBody.Message("premier"), firstId, seen: 0));
        var news = Enumerable.Range(1, 20).Select(n => (n % 2 == 0 ? sender : other).PostAsync(id, ItemBody.Message($"message {n}"), Guid.NewGuid(), seen: first));
        var answered = await Task.WhenAll(retries);
        var placed = await Task.WhenAll(news);
        await ShownUpToAsync(shown, placed.Max());

        Assert.Equal([first, first], answered);
        Assert.Equal(20, placed.Distinct().Count());
        Assert.All(placed, p => Assert.True(p > first));
        Assert.Equal([first, .. placed.Order()], shown.Select(i => i.Sequence));
        Assert.Equal(21, await Database.ScalarAsync<long>($"SELECT count(*) FROM encrypted_item WHERE owner_id = '{id}'"));
    }

    [Fact]
    public async Task Items_whose_events_arrive_out_of_order_are_shown_in_order_without_reading_and_a_real_gap_is_read_after_a_moment()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, cardiologist, group: null);
        var sender = await gp.ClientAsync();
        for (var n = 1; n <= 5; n++)
        {
            await sender.PostAsync(id, ItemBody.Message($"message {n}"), Guid.NewGuid(), seen: 0);
        }

        // The events as the grain publishes them (the feed is fed by hand: no relay, so the order is the test's).
        var stored = await Grains.GetGrain<Collab.Contracts.Consultations.IConsultationGrain>(id).Read(1, 10, cardiologist.Caller);
        LiveEvent Event(long sequence) => new(new Collab.Contracts.Consultations.ConsultationEvent(
            id, Collab.Contracts.Consultations.ConsultationEventKind.Item, sequence, null, DateTimeOffset.UtcNow, stored.Single(i => i.Sequence == sequence)));
        async Task<long> ReadsAsync() => await Database.ScalarAsync<long>("SELECT count(*) FROM audit_event WHERE action = 'consultation.read'");
        var shown = new ConcurrentQueue<OpenItem>();
        await using var feed = Watch(new LiveRelay(Grains, NullLogger<LiveRelay>.Instance), await cardiologist.ClientAsync(), id, shown, retainItems: false);
        var readsBefore = await ReadsAsync();

        await feed.OnEventAsync(Event(3));
        await feed.OnEventAsync(Event(2));
        var shownAhead = shown.Count;
        await feed.OnEventAsync(Event(1));
        await Task.Delay(ConsultationFeed.GapGrace * 3);
        var readsAfterReordering = await ReadsAsync();

        // 4 never comes live: the feed reads it once the moment has passed, and shows 4 then 5.
        await feed.OnEventAsync(Event(5));
        await ShownUpToAsync(shown, 5);

        Assert.Equal(0, shownAhead);
        Assert.Equal(readsBefore, readsAfterReordering);
        Assert.Equal([1L, 2, 3, 4, 5], shown.Select(i => i.Sequence));
        Assert.Equal(readsBefore + 1, await ReadsAsync());
    }

    [Fact]
    public async Task A_consultation_whose_viewer_is_busy_holds_up_no_other_consultation_on_the_node()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var (busyId, otherId) = (Guid.NewGuid(), Guid.NewGuid());
        await gp.CreateConsultationAsync(busyId, cardiologist, group: null);
        await gp.CreateConsultationAsync(otherId, cardiologist, group: null);
        var (sender, viewer) = (await gp.ClientAsync(), await cardiologist.ClientAsync());
        var relay = new LiveRelay(Grains, NullLogger<LiveRelay>.Instance);
        using var otherReached = new ManualResetEventSlim();
        var busy = new Watcher(_ => otherReached.Wait(TimeSpan.FromSeconds(30))); // a delivery that holds its thread
        var other = new Watcher(_ => otherReached.Set());
        await using var busyWatch = await relay.WatchConversationAsync(viewer.Conversation(busyId), busy);
        await using var otherWatch = await relay.WatchConversationAsync(viewer.Conversation(otherId), other);

        await sender.PostAsync(busyId, ItemBody.Message("busy"), Guid.NewGuid(), seen: 0);
        await Collab.Testing.Eventually.TrueAsync(() => busy.Received > 0);
        await sender.PostAsync(otherId, ItemBody.Message("other"), Guid.NewGuid(), seen: 0);

        // While the first consultation's delivery still holds its thread, the second's arrives (one observer's calls
        // come one at a time: a fan-out run inside them made every conversation of the node wait for this one).
        await Collab.Testing.Eventually.TrueAsync(() => other.Received > 0);
        Assert.Equal(1, busy.Received);
    }

    // A watcher whose delivery runs `deliver` on the relay's thread before counting the event.
    private sealed class Watcher(Action<LiveEvent> deliver) : IConsultationWatcher
    {
        private int _received;

        public int Received => Volatile.Read(ref _received);

        public Task OnEventAsync(LiveEvent live)
        {
            if (live.Change.Kind == Contracts.Consultations.ConsultationEventKind.Item)
            {
                Interlocked.Increment(ref _received);
                deliver(live);
            }

            return Task.CompletedTask;
        }

        public Task OnRenewedAsync(long lastSequence, bool afterSiloLoss = false) => Task.CompletedTask;
    }

    // Waits until the viewer's screen received the item at <paramref name="sequence"/> (the feed counts an item as held
    // a moment before its screen receives it: waiting on the count left a test asserting on a screen one item short).
    private static Task ShownUpToAsync(ConcurrentQueue<OpenItem> shown, long sequence) =>
        Collab.Testing.Eventually.TrueAsync(() => shown.Any(i => i.Sequence == sequence));

    // A viewer's feed whose screen keeps what arrives, in arrival order (not started).
    private static ConsultationFeed Watch(LiveRelay relay, ConsultationClient viewer, Guid id, ConcurrentQueue<OpenItem> shown, bool retainItems = true) =>
        new(relay, viewer, id, change =>
        {
            foreach (var item in change.Items)
            {
                shown.Enqueue(item);
            }

            return Task.CompletedTask;
        }, retainItems);
}
