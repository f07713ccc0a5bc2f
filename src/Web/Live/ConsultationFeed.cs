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
                        await onChange(new FeedChange([opened], live));
                    }

                    return;
                case ConsultationEventKind.Item:
                    await ReadMissingAsync(); // a gap: something was lost on the way
                    return;
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
                Apply(item);
                added.Add(item);
            }

            // A place the log skipped (a post that failed while later ones were written) stays empty for good:
            // the log commits places in the order the grain gives them, so what a read does not return below
            // the last item it returns never comes.
            StepOver(page[^1].Sequence);

            await onChange(new FeedChange(added));
        }
    }

    private async Task<OpenItem?> OpenAsync(EncryptedItem item, LiveEvent live)
    {
        try
        {
            var opened = await client.OpenItemAsync(consultation, item, live.Open);
            Apply(opened);
            return opened;
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

    private void Apply(OpenItem item)
    {
        lock (_items)
        {
            _items[item.Sequence] = item;
            while (_items.ContainsKey(Contiguous + 1))
            {
                Contiguous++;
                if (!retainItems)
                {
                    _items.Remove(Contiguous);
                }
            }
        }
    }
}
