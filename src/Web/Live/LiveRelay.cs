using System.Collections.Concurrent;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;

namespace Collab.Web.Live;

/// <summary>
/// The web node's one relay (ARCHITECTURE "Live updates"): subscribed to each conversation (consultation or
/// discussion) and inbox
/// that has a watcher on this node, it hands the grains' committed events to the watchers. Grain
/// subscriptions expire, so the relay renews them periodically; a renewal also tells watchers the
/// last sequence, so whatever a silo restart lost is read back. A grain whose silo died comes back elsewhere
/// without its subscribers: when the node loses a gateway (<see cref="OnSiloLost"/>) each subscription is renewed
/// until its grain answers again.
/// </summary>
public sealed class LiveRelay(IGrainFactory grains, ILogger<LiveRelay> logger) : ILiveRelay, IDisposable
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, WatcherSet<IConsultationWatcher>> _consultations = new();
    private readonly ConcurrentDictionary<Guid, WatcherSet<IInboxWatcher>> _inboxes = new();
    private readonly Lock _gate = new();
    private ILiveRelay? _reference;
    private Timer? _renewal;

    private ILiveRelay Reference
    {
        get
        {
            lock (_gate)
            {
                if (_reference is null)
                {
                    _reference = grains.CreateObjectReference<ILiveRelay>(this);
                    _renewal = new Timer(_ => _ = RenewAsync(), null, RenewEvery, RenewEvery);
                }

                return _reference;
            }
        }
    }

    /// <summary>Starts delivering a conversation's events (a consultation's, a discussion's) to <paramref name="watcher"/> until the result is disposed.</summary>
    public Task<IAsyncDisposable> WatchConversationAsync(IConversationGrain conversation, IConsultationWatcher watcher)
    {
        var id = conversation.GetPrimaryKey();
        return WatchAsync(_consultations, id, watcher, () => conversation.Subscribe(Reference), () => conversation.Unsubscribe(Reference), conversation);
    }

    /// <summary>Starts delivering <paramref name="practitioner"/>'s inbox changes to <paramref name="watcher"/> until the result is disposed.</summary>
    public Task<IAsyncDisposable> WatchInboxAsync(Guid practitioner, IInboxWatcher watcher) =>
        WatchAsync(_inboxes, practitioner, watcher,
            () => grains.Grain<IInboxGrain>(practitioner).Subscribe(Reference),
            () => grains.Grain<IInboxGrain>(practitioner).Unsubscribe(Reference));

    // The node subscribes when its first watcher of a key arrives and unsubscribes when the last leaves.
    private static async Task<IAsyncDisposable> WatchAsync<T>(
        ConcurrentDictionary<Guid, WatcherSet<T>> sets, Guid key, T watcher, Func<Task> subscribe, Func<Task> unsubscribe, IConversationGrain? conversation = null)
        where T : class
    {
        var set = sets.GetOrAdd(key, _ => new());
        set.Conversation ??= conversation; // kept for the renewals
        if (set.Add(watcher))
        {
            await subscribe();
        }

        return new Subscription(async () =>
        {
            if (set.Remove(watcher) && sets.TryRemove(new(key, set)))
            {
                await unsubscribe();
            }
        });
    }

    public Task OnConsultationEvent(ConsultationEvent change)
    {
        if (_consultations.TryGetValue(change.Consultation, out var set))
        {
            // Orleans hands the relay one call at a time: no two threads create a set's fan-out at once.
            (set.FanOut ??= new FanOut(this, set)).Post(new LiveEvent(change));
        }

        return Task.CompletedTask;
    }

    public Task OnInboxEvent(InboxEvent change)
    {
        if (_inboxes.TryGetValue(change.Practitioner.Value, out var set))
        {
            foreach (var watcher in set.Snapshot())
            {
                _ = DeliverAsync(watcher, change, static (w, c) => w.OnInboxAsync(c));
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCallRing(Contracts.Calls.CallRing ring)
    {
        if (_inboxes.TryGetValue(ring.To.Value, out var set))
        {
            foreach (var watcher in set.Snapshot())
            {
                _ = DeliverAsync(watcher, ring, static (w, r) => w.OnCallRingAsync(r));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Renews every subscription and tells consultation watchers the last sequence (also run by the timer), all at
    /// once: one grain that does not answer (its silo just died) holds up no other.
    /// </summary>
    public async Task RenewAsync() =>
        await Task.WhenAll(
            _consultations.Select(entry => RenewConversationAsync(entry.Key, entry.Value, afterSiloLoss: false))
                .Concat(_inboxes.Keys.Select(practitioner => RenewInboxAsync(practitioner, afterSiloLoss: false))));

    /// <summary>
    /// A silo of the cluster went away: the grains it held come back elsewhere, without this node's subscriptions.
    /// Each subscription is renewed on its own, at once and then at growing intervals until its grain answers once:
    /// those on the surviving silos answer at the first try, those of the dead silo as soon as it is declared dead
    /// and they are activated again — no subscription waits for another, nor for a round of all of them.
    /// </summary>
    public void OnSiloLost()
    {
        foreach (var (conversation, set) in _consultations)
        {
            _ = UntilAnsweredAsync(lost => RenewConversationAsync(conversation, set, afterSiloLoss: true, lost), "consultation", conversation);
        }

        foreach (var practitioner in _inboxes.Keys)
        {
            _ = UntilAnsweredAsync(_ => RenewInboxAsync(practitioner, afterSiloLoss: true), "inbox", practitioner);
        }
    }

    // A silo is declared dead after three missed one-second probes and the votes: 30 s of tries covers it with margin,
    // and the periodic renewal takes over after that.
    private static readonly TimeSpan RetryDuring = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the next try goes, counted from the previous one: a quarter of a second, then half a second, then every
    /// second. A try does not wait for the previous one's answer: a call that reached the dead silo, or a gateway
    /// forwarding to it, is never answered (Orleans waits its 30-s response timeout), and the next one may already find
    /// the grain's new activation.
    /// </summary>
    private static TimeSpan RetryAfter(int tries) => TimeSpan.FromMilliseconds(tries switch { 1 => 250, 2 => 500, _ => 1000 });

    // A subscription that needed more than one try is logged with how long it took.
    private async Task UntilAnsweredAsync(Func<bool, Task<bool>> renew, string kind, Guid key)
    {
        var started = TimeProvider.System.GetTimestamp();
        if (await UntilAnsweredAsync(renew, RetryDuring) is var tries and > 1)
        {
            logger.LogInformation("The {Kind} subscription {Key} answered again after the silo's loss: {Tries} tries, {Seconds:F2} s",
                kind, key, tries, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>
    /// Tries <paramref name="renew"/> until one try answers true, for at most <paramref name="during"/>, and returns
    /// the number of tries (0 when none answered true). Each try after the first is told so: the grain did not answer
    /// at once, so it was on the lost silo, and its activation, and the events it had sent, are gone.
    /// </summary>
    public static async Task<int> UntilAnsweredAsync(Func<bool, Task<bool>> renew, TimeSpan during)
    {
        var started = TimeProvider.System.GetTimestamp();
        var pending = new List<Task<bool>>();
        for (var tries = 1; TimeProvider.System.GetElapsedTime(started) < during; tries++)
        {
            pending.Add(renew(tries > 1));
            var next = Task.Delay(RetryAfter(tries));
            while (await Task.WhenAny([.. pending, next]) is Task<bool> answered)
            {
                pending.Remove(answered);
                if (await answered)
                {
                    return tries;
                }
            }
        }

        return 0;
    }

    // Subscribes the node again to one conversation and tells its watchers the grain's last sequence (and whether its
    // activation was lost with a silo); false when the grain did not answer — logged unless a silo was just lost, when
    // failures are expected until it is declared dead.
    private async Task<bool> RenewConversationAsync(Guid consultation, WatcherSet<IConsultationWatcher> set, bool afterSiloLoss, bool lost = false)
    {
        if (set.Conversation is not { } conversation)
        {
            return true;
        }

        try
        {
            var last = await conversation.Subscribe(Reference);
            foreach (var watcher in set.Snapshot())
            {
                _ = DeliverAsync(watcher, (Last: last, Lost: lost), static (w, r) => w.OnRenewedAsync(r.Last, r.Lost));
            }

            return true;
        }
        catch (Exception e)
        {
            if (!afterSiloLoss)
            {
                logger.LogWarning(e, "Renewing the subscription to consultation {Consultation} failed; next try in {Interval}", consultation, RenewEvery);
            }

            return false;
        }
    }

    private async Task<bool> RenewInboxAsync(Guid practitioner, bool afterSiloLoss)
    {
        try
        {
            await grains.Grain<IInboxGrain>(practitioner).Subscribe(Reference);
            return true;
        }
        catch (Exception e)
        {
            if (!afterSiloLoss)
            {
                logger.LogWarning(e, "Renewing the inbox subscription of {Practitioner} failed; next try in {Interval}", practitioner, RenewEvery);
            }

            return false;
        }
    }

    public void Dispose() => _renewal?.Dispose();

    // Hands one change to one watcher; a watcher that fails is logged, the others go on. The change travels as an
    // argument to a static delegate: no closure or delegate per watcher (every viewer of every message on the node).
    private async Task DeliverAsync<TWatcher, TChange>(TWatcher watcher, TChange change, Func<TWatcher, TChange, Task> delivery)
    {
        try
        {
            await delivery(watcher, change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A live watcher failed to take an event");
        }
    }

    /// <summary>
    /// Hands a conversation's events to its watchers in the order the grain sent them, on the thread pool. Orleans hands
    /// an observer its calls one at a time: run inside <see cref="OnConsultationEvent"/>, every viewer's delivery of
    /// every conversation on the node waited for the one before it, on one thread; now the node's conversations fan
    /// out side by side, each still in order.
    /// </summary>
    private sealed class FanOut(LiveRelay relay, WatcherSet<IConsultationWatcher> set) : IThreadPoolWorkItem
    {
        private readonly ConcurrentQueue<LiveEvent> _events = new();
        private int _scheduled;

        public void Post(LiveEvent live)
        {
            _events.Enqueue(live);
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        public void Execute()
        {
            do
            {
                while (_events.TryDequeue(out var live))
                {
                    foreach (var watcher in set.Snapshot())
                    {
                        _ = relay.DeliverAsync(watcher, live, static (w, e) => w.OnEventAsync(e));
                    }
                }

                Volatile.Write(ref _scheduled, 0);
            }
            while (!_events.IsEmpty && Interlocked.Exchange(ref _scheduled, 1) == 0); // posted meanwhile, and no other run took it
        }
    }

    private sealed class WatcherSet<T>
        where T : class
    {
        private readonly HashSet<T> _watchers = [];
        private T[] _snapshot = [];

        /// <summary>The conversation's grain (a consultation or a discussion), for a set of conversation watchers.</summary>
        public IConversationGrain? Conversation { get; set; }

        /// <summary>The conversation's events on their way to its watchers (a set of conversation watchers).</summary>
        public FanOut? FanOut;

        /// <summary>True when this is the first watcher.</summary>
        public bool Add(T watcher)
        {
            lock (_watchers)
            {
                _watchers.Add(watcher);
                _snapshot = [.. _watchers];
                return _watchers.Count == 1;
            }
        }

        /// <summary>True when none is left.</summary>
        public bool Remove(T watcher)
        {
            lock (_watchers)
            {
                _watchers.Remove(watcher);
                _snapshot = [.. _watchers];
                return _watchers.Count == 0;
            }
        }

        public T[] Snapshot() => Volatile.Read(ref _snapshot);
    }

    private sealed class Subscription(Func<Task> end) : IAsyncDisposable
    {
        private int _ended;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                await end();
            }
        }
    }
}
