using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Practitioners;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Collab.Grains.Conversations;

/// <summary>
/// The one conversation mechanism a consultation and a discussion share (docs/architecture.md, "Conversations"):
/// epochs and their sealed keys, message envelopes placed by the grain and committed with their audit record,
/// reads, read receipts, typing and presence, deleting one's own message, and the relays told after each commit.
/// The grain that holds it decides who may do what and calls in only after its own check. A grain whose members
/// change by name (a discussion) gives <c>membersVersion</c>: an epoch begun before the last change is stale. A grain
/// whose messages expire by day (a discussion) sets <c>dailyEpochs</c>: an epoch begun on an earlier day (UTC) is
/// stale too, so each epoch holds one day's messages and its key is destroyed with them (ADR 0011).
/// </summary>
public sealed class Conversation<TState>(
    IGrainContext grain,
    string objectType,
    IPersistentState<TState> state,
    IEncryptedItemLog items,
    IAuditTrail audit,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger logger,
    Func<int>? membersVersion = null,
    bool dailyEpochs = false)
    where TState : IConversationState
{
    private readonly ObserverManager<ILiveRelay> _relays = new(InboxGrain.SubscriptionExpiry, logger);

    // Posts being written, by client id; and the last place given to a post (committed or not).
    private readonly Dictionary<Guid, Task<long>> _posting = [];
    private long _given;

    // Reads interleave (twenty viewers joining again at once wait for the database and their audit records together),
    // two at a time per conversation, so that a thousand joins do not take every connection of the pools at once.
    private readonly SemaphoreSlim _reading = new(ReadsAtOnce, ReadsAtOnce);
    private const int ReadsAtOnce = 2;

    /// <summary>The last place given to a post, committed or still being written.</summary>
    public long LastGiven => _given;

    private Guid Id => grain.GrainId.GetGuidKey();

    private TState S => state.State;

    /// <summary>Reads the last place back from the log (it survives a lost state write).</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        S.LastSequence = Math.Max(S.LastSequence, await items.LastSequenceAsync(Id, cancellationToken));
        _given = S.LastSequence;
    }

    /// <summary>Checks a seal: a copy for at least one person, and the group's current key version when there is a group.</summary>
    public async Task CheckSeal(EpochSeal seal, string prefix)
    {
        var errors = new List<FieldError>();
        if (seal.SealedToParticipants.Count == 0 || !seal.SealedToParticipants.Values.All(KeyMaterialRules.IsSealedKey))
        {
            errors.Add(new(prefix + "sealedToParticipants", "must seal the epoch key to at least one participant"));
        }

        if (seal.Group is not null && (seal.GroupVersion < 1 || !KeyMaterialRules.IsSealedKey(seal.SealedToGroup)))
        {
            errors.Add(new(prefix + "sealedToGroup", "must seal the epoch key to the group's current key version"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (seal.Group is { } group && await CurrentGroupVersion(group) != seal.GroupVersion)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Group {group} has a newer key version than {seal.GroupVersion}: seal the epoch key to it.");
        }
    }

    /// <summary>Adds an epoch (in memory: the grain writes its state); returns its number.</summary>
    public int AddEpoch(EpochSeal seal)
    {
        var epoch = new EpochState
        {
            Epoch = S.Epochs.Count + 1,
            SealedToParticipants = new Dictionary<Guid, byte[]>(seal.SealedToParticipants),
            Group = seal.Group,
            GroupVersion = seal.GroupVersion,
            SealedToGroup = seal.SealedToGroup,
            MembersVersion = membersVersion?.Invoke() ?? 0,
            StartedAt = clock.GetUtcNow(),
        };
        S.Epochs.Add(epoch);
        return epoch.Epoch;
    }

    /// <summary>Checks the seal, adds the epoch and writes the state with its trace.</summary>
    public async Task<int> StartEpoch(EpochSeal seal, Caller caller)
    {
        await CheckSeal(seal, "");
        var epoch = AddEpoch(seal);
        await state.WriteAuditedAsync(audit, Event(caller, "epoch.start"), logger);
        return epoch;
    }

    /// <summary>
    /// Posts a message envelope. <paramref name="requireMember"/> is the grain's access check (it may await);
    /// <paramref name="requireOpen"/> its synchronous check that the conversation still takes messages, run after
    /// the last await with the other checks: posts interleave, so the place is given against the state as it is then.
    /// </summary>
    public async Task<long> Post(int epoch, byte[] ciphertext, Guid clientId, Caller caller, Func<Task> requireMember, Action requireOpen)
    {
        // The group's current key version is asked alongside the caller's standing (it says nothing to a refused caller).
        var started = TimeProvider.System.GetTimestamp();
        var groupVersion = S.Epochs is [.., { Group: { } keyGroup }] ? CurrentGroupVersion(keyGroup) : null;
        await requireMember();
        var keyVersion = groupVersion is null ? (int?)null : await groupVersion;
        var checkedAt = TimeProvider.System.GetTimestamp();
        requireOpen();
        if (clientId == Guid.Empty)
        {
            throw DomainException.Invalid([new("clientId", "is required: a new id per message, the same on a retry")]);
        }

        if (epoch < 1 || epoch > S.Epochs.Count)
        {
            throw DomainException.Invalid([new("epoch", $"must be an epoch of this conversation (1 to {S.Epochs.Count})")]);
        }

        // New content goes to the current epoch only, and only while its group key is current:
        // after a membership change the sender must start an epoch the leaver never receives.
        var current = S.Epochs[^1];
        if (epoch != current.Epoch || (keyVersion is not null && keyVersion != current.GroupVersion) || current.MembersVersion != (membersVersion?.Invoke() ?? 0))
        {
            throw new DomainException(DomainErrorCode.Stale, "The recipients' keys changed since this epoch began: start a new epoch and encrypt again.");
        }

        if (dailyEpochs && EpochDay.Of(current.StartedAt) != EpochDay.Of(clock.GetUtcNow()))
        {
            // Each day's messages under their own key: they expire together, key and all.
            throw new DomainException(DomainErrorCode.Stale, "A new day began since this epoch did: start a new epoch and encrypt again.");
        }

        if (ciphertext is not { Length: <= ConversationLimits.MaxItemBytes } || !MessageCipher.LooksLike(ciphertext))
        {
            throw DomainException.Invalid([new("ciphertext", $"must be a message envelope of at most {ConversationLimits.MaxItemBytes} bytes")]);
        }

        // The envelope names its client id and what its author had seen (authenticated by the readers):
        // both must be true here, so no reader ever finds an honest message out of place.
        var (boundClientId, seen) = MessageCipher.ReadClear(ciphertext);
        if (boundClientId != clientId || seen > S.LastSequence)
        {
            throw DomainException.Invalid([new("ciphertext", "must be written for this client id, after messages that exist")]);
        }

        if (_posting.TryGetValue(clientId, out var first))
        {
            // The same message sent again while its first send is being written: one place, answered twice.
            var place = await first;
            await audit.RecordAsync([Event(caller, "item.post")]);
            return place;
        }

        var posting = Append(epoch, ciphertext, clientId, caller);
        _posting[clientId] = posting;
        try
        {
            return await posting;
        }
        finally
        {
            _posting.Remove(clientId);
            if (TimeProvider.System.GetElapsedTime(started) is var took && took > SlowPost)
            {
                var checks = TimeProvider.System.GetElapsedTime(started, checkedAt);
                logger.LogWarning("A post to conversation {Conversation} took {Seconds:F2} s: the sender's and the group's checks {Checks:F2} s, the write {Write:F2} s",
                    Id, took.TotalSeconds, checks.TotalSeconds, (took - checks).TotalSeconds);
            }
        }
    }

    // A post slower than this is logged with where its time went (a silo lost, the database restarting, a saturated node).
    private static readonly TimeSpan SlowPost = TimeSpan.FromSeconds(2);

    /// <summary>Items from <paramref name="fromSequence"/> on (an audited access; the grain checked the caller).</summary>
    public async Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller)
    {
        if (limit is < 1 or > ConversationLimits.MaxReadLimit)
        {
            throw DomainException.Invalid([new("limit", $"must be from 1 to {ConversationLimits.MaxReadLimit}")]);
        }

        IReadOnlyList<StoredItem> stored;
        await _reading.WaitAsync();
        try
        {
            stored = await items.ReadAsync(Id, Math.Max(1, fromSequence), limit);
            await audit.RecordAsync(clock, caller, AuditCategory.Access, $"{objectType}.read", objectType, Id.ToString());
        }
        finally
        {
            _reading.Release();
        }

        return stored.Select(i => new EncryptedItem(i.Sequence, i.Epoch, i.Ciphertext, i.PostedAt, i.Author is { } a ? new PractitionerId(a) : null, i.DeletedAt)).ToList();
    }

    /// <summary>Every epoch's seals as <paramref name="reader"/> sees them: their own copy, and the group's.</summary>
    public IReadOnlyList<EpochSealView> Seals(Guid reader) =>
        S.Epochs.Select(e => new EpochSealView(e.Epoch, e.SealedToParticipants.GetValueOrDefault(reader), e.Group, e.GroupVersion, e.SealedToGroup)).ToList();

    /// <summary>Erases the caller's own item (a tombstone keeps its place) and tells the viewers.</summary>
    public async Task Delete(long sequence, Caller caller)
    {
        var now = clock.GetUtcNow();
        if (!await items.EraseAsync(Id, sequence, caller.PractitionerId!.Value, now))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No message of yours at {sequence} (only the author deletes a message, once).");
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Functional, $"{objectType}.item.delete", objectType, Id.ToString());
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Deleted, sequence, new PractitionerId(caller.PractitionerId.Value), now));
    }

    /// <summary>Records how far the caller has read (an audited access) and tells the viewers.</summary>
    public async Task MarkRead(long sequence, Caller caller)
    {
        var reader = caller.PractitionerId!.Value;
        if (sequence < 1 || sequence > S.LastSequence)
        {
            throw DomainException.Invalid([new("sequence", $"must be from 1 to {S.LastSequence}")]);
        }

        if (S.ReadUpTo.TryGetValue(reader, out var known) && known.Sequence >= sequence)
        {
            return;
        }

        var now = clock.GetUtcNow();
        S.ReadUpTo[reader] = new ReadState { Sequence = sequence, At = now };
        await state.WriteAuditedAsync(audit, AuditEvent.Of(clock, caller, AuditCategory.Access, $"{objectType}.item.seen", objectType, Id.ToString()), logger);
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Read, sequence, new PractitionerId(reader), now));
    }

    /// <summary>Traces a download of a file, a report or an export (an access event; the grain checked the caller).</summary>
    public Task RecordDownload(DownloadKind kind, Caller caller) =>
        audit.RecordAsync(clock, caller, AuditCategory.Access, $"{objectType}.download.{kind.ToString().ToLowerInvariant()}", objectType, Id.ToString());

    /// <summary>Relays typing or presence (not stored).</summary>
    public void Signal(ConsultationEventKind kind, bool present, Caller caller)
    {
        if (kind is not (ConsultationEventKind.Typing or ConsultationEventKind.Presence or ConsultationEventKind.Call))
        {
            throw DomainException.Invalid([new("kind", "is Typing, Presence or Call")]);
        }

        Publish(new ConsultationEvent(Id, kind, S.LastSequence, new PractitionerId(caller.PractitionerId!.Value), clock.GetUtcNow(), Present: present));
    }

    public long Subscribe(ILiveRelay relay)
    {
        _relays.Subscribe(relay, relay);
        return S.LastSequence;
    }

    public void Unsubscribe(ILiveRelay relay) => _relays.Unsubscribe(relay);

    /// <summary>Tells the relays; called only after the change is committed (a relay never hears of something that may be lost).</summary>
    public void Publish(ConsultationEvent change) => _relays.Notify(r => r.OnConsultationEvent(change));

    /// <summary>A functional trace of this conversation (<c>{objectType}.{action}</c>).</summary>
    public AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, $"{objectType}.{action}", objectType, Id.ToString());

    // The grain gives the place: no sender ever loses a race for it. Places are given before the commit, so the
    // posts of a busy conversation share one group commit instead of waiting for each other's; the log commits
    // them in the order given (ADR 0010). The item and its audit record commit together, and only then is the
    // sender answered and the viewers told.
    private async Task<long> Append(int epoch, byte[] ciphertext, Guid clientId, Caller caller)
    {
        var author = new PractitionerId(caller.PractitionerId!.Value);
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var sequence = ++_given;
            if (await items.AppendAsync(Id, new NewItem(sequence, epoch, ciphertext, now, clientId, author.Value), Event(caller, "item.post")))
            {
                // The item is committed; the sequence need not be (activation reads it back from the log).
                S.LastSequence = Math.Max(S.LastSequence, sequence);
                Publish(new ConsultationEvent(Id, ConsultationEventKind.Item, sequence, author, now, new EncryptedItem(sequence, epoch, ciphertext, now, author)));
                return sequence;
            }

            // The place is given again when no later one was given meanwhile; otherwise it stays empty and
            // readers step over it (a gap below a committed item is final: the log commits places in the order given).
            if (_given == sequence)
            {
                _given--;
            }

            if (await items.SequenceOfAsync(Id, clientId) is { } stored)
            {
                // A retried send, committed already (with its record); its sender is told again.
                await audit.RecordAsync([Event(caller, "item.post")]);
                return stored;
            }

            // The log is ahead of this activation's state (a write lost before a crash, or a second
            // activation during a partition): catch up and take the next place.
            var last = await items.LastSequenceAsync(Id);
            if (last < sequence || attempt >= 5)
            {
                throw new DomainException(DomainErrorCode.Conflict, "The discussion could not be written; send again.");
            }

            _given = Math.Max(_given, last);
            S.LastSequence = Math.Max(S.LastSequence, last);
        }
    }

    private Task<int> CurrentGroupVersion(Guid group) => grains.Grain<IGroupGrain>(group).GetCurrentVersion();
}
