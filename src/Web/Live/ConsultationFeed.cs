using Collab.Contracts.Consultations;
using Collab.Crypto;
using Collab.Web.Consultations;
using Collab.Web.Conversations;

namespace Collab.Web.Live;

/// <summary>
/// One viewer's live copy of a conversation (a consultation's discussion, a discussion between colleagues): every item exactly once, in sequence
/// order. Events from the relay are applied when they are the next expected sequence, dropped when
/// already held, and a gap (a lost event, a restart, a reconnect) is filled by reading from the last
/// contiguous sequence (a place a read shows empty below later items, a failed post, is stepped over). Items are decrypted with the viewer's own keys, so a viewer who lost access
/// (removed from the group) cannot open what follows.
/// </summary>
/// <remarks>
/// With <paramref name="retainItems"/> false (a hub connection: its client keeps its own copy) the
/// feed forgets items once they are contiguous, so its memory does not grow with the discussion.
/// </remarks>
public sealed class ConsultationFeed(LiveRelay relay, ConversationClient client, Guid consultation, Func<FeedChange, Task> onChange, bool retainItems = true)
    : IConsultationWatcher, IAsyncDisposable
{
    private readonly SortedDictionary<long, OpenItem> _items = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IAsyncDisposable? _subscription;
    private volatile bool _disposed;

    public Guid Consultation => consultation;

    /// <summary>The viewer's client the feed reads and opens with.</summary>
    public ConversationClient Client => client;

    /// <summary>The highest sequence up to which every item is held.</summary>
    public long Contiguous { get; private set; }

    /// <summary>False once the viewer's keys no longer open new items (they lost access).</summary>
    public bool Open { get; private set; } = true;

    /// <summary>The items held, in order.</summary>
    public IReadOnlyList<OpenItem> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items.Values];
            }
        }
    }

    /// <summary>
    /// Subscribes and reads what is already there (from <paramref name="lastSequence"/> + 1 when the viewer holds some
    /// already). With <paramref name="refuseOutsiders"/>, that first read is the access check: its refusal is thrown,
    /// and nothing that arrived meanwhile (an event waits for the first read) reaches the refused viewer.
    /// </summary>
    public async Task StartAsync(long lastSequence = 0, bool refuseOutsiders = false)
    {
        Contiguous = lastSequence;
        await _gate.WaitAsync();
        try
        {
            _subscription = await relay.WatchConversationAsync(client.Conversation(consultation), this);
            await ReadMissingAsync(refuseOutsiders);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads every item after <see cref="Contiguous"/> (after a reconnect, a gap, a renewal).</summary>
    public async Task CatchUpAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await ReadMissingAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task OnEventAsync(LiveEvent live)
    {
        var change = live.Change;
        await _gate.WaitAsync();
        try
        {
            if (!Open || !client.SessionAlive)
            {
                Open = false;
                return; // lost access, or the session ended: nothing more reaches this viewer, not even who is typing
            }

            switch (change.Kind)
            {
                case ConsultationEventKind.Item when change.Sequence <= Contiguous:
                    return; // held already
                case ConsultationEventKind.Item when change.Sequence == Contiguous + 1 && change.Item is { } item:
                    var opened = await OpenAsync(item, live);
                    if (opened is not null)
                    {
                        // With it, the items that came ahead of it (held, not yet shown) follow in order.
                        var ready = TakeContiguous(opened);
                        await onChange(new FeedChange(ready, ready.Count == 1 ? live : null));
                    }

                    return;
                case ConsultationEventKind.Item when change.Item is { } ahead && !Holds(change.Sequence):
                    // A gap: posts interleave and their events may arrive out of order, so the missing one is
                    // usually on its way. The item is held (not shown: a viewer gets items in order) and the
                    // missing ones are read only if still missing after a moment — a read is an audited access,
                    // and reading at every reordering made hundreds a second on a busy node.
                    if (await OpenAsync(ahead, live) is { } early)
                    {
                        lock (_items)
                        {
                            _items[early.Sequence] = early; // shown once the items before it are (TakeContiguous)
                        }

                        _ = FillGapLaterAsync();
                    }

                    return;
                case ConsultationEventKind.Item:
                    return; // held already, ahead of a gap
                case ConsultationEventKind.Deleted:
                    OpenItem? erased = null;
                    lock (_items)
                    {
                        if (_items.TryGetValue(change.Sequence, out var held))
                        {
                            erased = _items[change.Sequence] = held with { Body = null, DeletedAt = change.At };
                        }
                    }

                    await onChange(new FeedChange(erased is null ? [] : [erased], live));
                    return;
                default:
                    await onChange(new FeedChange([], live));
                    return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How long a feed behind the grain's last sequence is given to catch up live before it reads.</summary>
    public static readonly TimeSpan LiveGrace = TimeSpan.FromSeconds(1);

    /// <summary>How long an item that arrived ahead of a missing one waits for it before the feed reads the gap.</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(250);

    private int _gapCheck;

    private async Task FillGapLaterAsync()
    {
        if (Interlocked.Exchange(ref _gapCheck, 1) == 1)
        {
            return; // one check at a time: it reads whatever is missing then
        }

        try
        {
            await Task.Delay(GapGrace);
            Volatile.Write(ref _gapCheck, 0);
            if (_disposed)
            {
                return;
            }

            await _gate.WaitAsync();
            try
            {
                if (Open && HasGap())
                {
                    await ReadMissingAsync();
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The viewer left meanwhile.
        }
        finally
        {
            Volatile.Write(ref _gapCheck, 0);
        }
    }

    public async Task OnRenewedAsync(long lastSequence, bool afterSiloLoss = false)
    {
        // A live feed is usually behind by the items in flight and reaches them within moments: only a feed
        // that did not (its events were lost with a silo) reads — a busy node no longer reads every feed at
        // each renewal, each read an audited access. After a silo's loss, what is missing is not on its way.
        if (lastSequence <= Contiguous)
        {
            return;
        }

        if (!afterSiloLoss)
        {
            await Task.Delay(LiveGrace);
        }

        if (lastSequence > Contiguous && !_disposed)
        {
            await CatchUpAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task ReadMissingAsync(bool throwRefusal = false)
    {
        while (Open)
        {
            IReadOnlyList<OpenItem> page;
            try
            {
                page = await client.ReadAsync(consultation, Contiguous + 1);
            }
            catch (Exception e) when (LostAccess(e))
            {
                Open = false;
                if (throwRefusal && e is Contracts.Errors.DomainException)
                {
                    throw;
                }

                return;
            }

            if (page.Count == 0)
            {
                return;
            }

            var added = new List<OpenItem>(page.Count);
            foreach (var item in page)
            {
                TakeContiguous(item);
                added.Add(item);
            }

            // A place the log skipped (a post that failed while later ones were written) stays empty for good:
            // the log commits places in the order the grain gives them, so what a read does not return below
            // the last item it returns never comes.
            StepOver(page[^1].Sequence);

            await onChange(new FeedChange(added));
            if (page.Count < Grains.Conversations.ConversationLimits.MaxReadLimit)
            {
                return; // the log had no more: what is written next arrives live (a read less, each one audited)
            }
        }
    }

    private async ValueTask<OpenItem?> OpenAsync(EncryptedItem item, LiveEvent live)
    {
        try
        {
            return await client.OpenItemAsync(consultation, item, live);
        }
        catch (Exception e) when (LostAccess(e))
        {
            Open = false;
            return null;
        }
    }

    // No longer a participant (refused by the grain), no longer a holder of the keys, or the session ended.
    private static bool LostAccess(Exception e) =>
        e is CryptoException || (e is Contracts.Errors.DomainException d && d.Code is Contracts.Errors.DomainErrorCode.Forbidden or Contracts.Errors.DomainErrorCode.Unauthenticated);

    private void StepOver(long read)
    {
        lock (_items)
        {
            while (Contiguous < read)
            {
                Contiguous++;
                if (!retainItems)
                {
                    _items.Remove(Contiguous);
                }
            }
        }
    }

    // Whether an item above the contiguous run is held (it came ahead of a missing one).
    private bool HasGap()
    {
        lock (_items)
        {
            return _items.Keys.Any(sequence => sequence > Contiguous + 1);
        }
    }

    private bool Holds(long sequence)
    {
        lock (_items)
        {
            return sequence <= Contiguous || _items.ContainsKey(sequence);
        }
    }

    // Holds an item and returns those that become contiguous with it, in order (held ones that had come ahead included).
    private IReadOnlyList<OpenItem> TakeContiguous(OpenItem next)
    {
        lock (_items)
        {
            if (!retainItems && _items.Count == 0 && next.Sequence == Contiguous + 1)
            {
                Contiguous++;
                return [next]; // the usual live case (nothing held ahead of it): nothing to hold
            }

            var ready = new List<OpenItem>();
            _items[next.Sequence] = next;
            while (_items.TryGetValue(Contiguous + 1, out var item))
            {
                ready.Add(item);
                Contiguous++;
                if (!retainItems)
                {
                    _items.Remove(Contiguous);
                }
            }

            return ready;
        }
    }
}
