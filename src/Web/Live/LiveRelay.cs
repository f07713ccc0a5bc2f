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
/// without its subscribers: when the node loses a gateway (<see cref="OnSiloLost"/>) it renews every second
/// while the dead silo is being declared dead.
/// </summary>
public sealed class LiveRelay(IGrainFactory grains, ILogger<LiveRelay> logger) : ILiveRelay, IDisposable
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    // After a silo is lost: its grains answer again once it is declared dead (three missed one-second probes, and
    // the votes): every second for ten seconds, so that a watcher waits for no more than a second past that.
    private static readonly TimeSpan[] RenewAfterSiloLost = [.. Enumerable.Range(1, 10).Select(s => TimeSpan.FromSeconds(s))];

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
            () => grains.GetGrain<IInboxGrain>(practitioner).Subscribe(Reference),
            () => grains.GetGrain<IInboxGrain>(practitioner).Unsubscribe(Reference));

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
            var live = new LiveEvent(change);
            foreach (var watcher in set.Snapshot())
            {
                _ = Deliver(() => watcher.OnEventAsync(live));
            }
        }

        return Task.CompletedTask;
    }

    public Task OnInboxEvent(InboxEvent change)
    {
        if (_inboxes.TryGetValue(change.Practitioner.Value, out var set))
        {
            foreach (var watcher in set.Snapshot())
            {
                _ = Deliver(() => watcher.OnInboxAsync(change));
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
                _ = Deliver(() => watcher.OnCallRingAsync(ring));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Renews every subscription and tells consultation watchers the last sequence (also run by the timer), all at
    /// once: one grain that does not answer (its silo just died) holds up no other.
    /// </summary>
    public async Task RenewAsync()
    {
        var consultations = _consultations.Select(async entry =>
        {
            var (consultation, set) = (entry.Key, entry.Value);
            try
            {
                if (set.Conversation is not { } conversation)
                {
                    return;
                }

                var last = await conversation.Subscribe(Reference);
                foreach (var watcher in set.Snapshot())
                {
                    _ = Deliver(() => watcher.OnRenewedAsync(last));
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Renewing the subscription to consultation {Consultation} failed; next try in {Interval}", consultation, RenewEvery);
            }
        });
        var inboxes = _inboxes.Keys.Select(async practitioner =>
        {
            try
            {
                await grains.GetGrain<IInboxGrain>(practitioner).Subscribe(Reference);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Renewing the inbox subscription of {Practitioner} failed; next try in {Interval}", practitioner, RenewEvery);
            }
        });
        await Task.WhenAll(consultations.Concat(inboxes));
    }

    /// <summary>A silo of the cluster went away: the grains it held come back elsewhere, without this node's subscriptions.</summary>
    public void OnSiloLost()
    {
        _ = Task.Run(async () =>
        {
            var waited = TimeSpan.Zero;
            foreach (var at in RenewAfterSiloLost)
            {
                await Task.Delay(at - waited);
                waited = at;
                await RenewAsync();
            }
        });
    }

    public void Dispose() => _renewal?.Dispose();

    private async Task Deliver(Func<Task> delivery)
    {
        try
        {
            await delivery();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A live watcher failed to take an event");
        }
    }

    private sealed class WatcherSet<T>
        where T : class
    {
        private readonly HashSet<T> _watchers = [];
        private T[] _snapshot = [];

        /// <summary>The conversation's grain (a consultation or a discussion), for a set of conversation watchers.</summary>
        public IConversationGrain? Conversation { get; set; }

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
