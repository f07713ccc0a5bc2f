using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Collab.Grains.Consultations;

/// <summary>
/// The encrypted side of a consultation: epochs with their sealed keys, items appended at their
/// sequence number, read receipts, and the live events sent to web nodes after each commit.
/// </summary>
public sealed partial class ConsultationGrain : Grain, IConsultationGrain, IRemindable
{
    public const int MaxItemBytes = 256 * 1024;
    public const int MaxReadLimit = 500;
    private const string ObjectType = "consultation";

    private readonly IPersistentState<ConsultationState> _state;
    private readonly IEncryptedItemLog _items;
    private readonly IConsultationIndex _index;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConsultationGrain> _logger;
    private readonly ObserverManager<ILiveRelay> _relays;
    private readonly IContentShredder _shredder;
    private readonly ICertificateSigner _signer;

    // Posts being written, by client id; and the last place given to a post (committed or not).
    private readonly Dictionary<Guid, Task<long>> _posting = [];
    private long _given;

    public ConsultationGrain(
        [PersistentState("consultation", StorageNames.Collab)] IPersistentState<ConsultationState> state,
        IEncryptedItemLog items,
        IConsultationIndex index,
        IAuditTrail audit,
        IContentShredder shredder,
        ICertificateSigner signer,
        TimeProvider clock,
        ILogger<ConsultationGrain> logger)
    {
        _shredder = shredder;
        _signer = signer;
        _state = state;
        _items = items;
        _index = index;
        _audit = audit;
        _clock = clock;
        _logger = logger;
        _relays = new ObserverManager<ILiveRelay>(InboxGrain.SubscriptionExpiry, logger);
    }

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _state.FlushAuditAsync(_audit);
        // Items are not in the state: the log knows the last sequence (and survives a lost state write).
        _state.State.LastSequence = Math.Max(_state.State.LastSequence, await _items.LastSequenceAsync(Id, cancellationToken));
        _given = _state.State.LastSequence;
    }

    public async Task<int> StartEpoch(EpochSeal seal, Caller caller)
    {
        await RequireOpenTo(caller, "start an epoch");
        await CheckSeal(seal, "");
        var epoch = AddEpoch(seal);
        await _state.WriteAuditedAsync(_audit, Event(caller, "consultation.epoch.start"), _logger);
        return epoch;
    }

    public async Task<long> Post(int epoch, byte[] ciphertext, Guid clientId, Caller caller)
    {
        // Posts interleave (each waits for its commit, not for the posts before it): every check that reads the
        // state runs after the last await, so the place is given against the state as it is then.
        // The group's current key version is asked alongside the caller's role (it says nothing to a refused caller).
        var groupVersion = _state.State.Epochs is [.., { Group: { } keyGroup }] ? CurrentGroupVersion(keyGroup) : null;
        await RequireParticipant(caller, "write to this consultation");
        var keyVersion = groupVersion is null ? (int?)null : await groupVersion;
        RequireNotDestroyed();
        if (ConsultationWorkflow.IsFinal(_state.State.Status))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A {_state.State.Status} consultation takes no more messages.");
        }

        if (clientId == Guid.Empty)
        {
            throw DomainException.Invalid([new("clientId", "is required: a new id per message, the same on a retry")]);
        }

        if (epoch < 1 || epoch > _state.State.Epochs.Count)
        {
            throw DomainException.Invalid([new("epoch", $"must be an epoch of this consultation (1 to {_state.State.Epochs.Count})")]);
        }

        // New content goes to the current epoch only, and only while its group key is current:
        // after a membership change the sender must start an epoch the leaver never receives.
        var current = _state.State.Epochs[^1];
        if (epoch != current.Epoch || (keyVersion is not null && keyVersion != current.GroupVersion))
        {
            throw new DomainException(DomainErrorCode.Stale, "The recipients' keys changed since this epoch began: start a new epoch and encrypt again.");
        }

        if (ciphertext is not { Length: <= MaxItemBytes } || !MessageCipher.LooksLike(ciphertext))
        {
            throw DomainException.Invalid([new("ciphertext", $"must be a message envelope of at most {MaxItemBytes} bytes")]);
        }

        // The envelope names its client id and what its author had seen (authenticated by the readers):
        // both must be true here, so no reader ever finds an honest message out of place.
        var (boundClientId, seen) = MessageCipher.ReadClear(ciphertext);
        if (boundClientId != clientId || seen > _state.State.LastSequence)
        {
            throw DomainException.Invalid([new("ciphertext", "must be written for this client id, after messages that exist")]);
        }

        if (_posting.TryGetValue(clientId, out var first))
        {
            // The same message sent again while its first send is being written: one place, answered twice.
            var place = await first;
            await _audit.RecordAsync([Event(caller, "consultation.item.post")]);
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
        }
    }

    // The grain gives the place: no sender ever loses a race for it. Places are given before the commit, so the
    // posts of a busy consultation share one group commit instead of waiting for each other's; the log commits
    // them in the order given (ADR 0010). The item and its audit record commit together, and only then is the
    // sender answered and the viewers told.
    private async Task<long> Append(int epoch, byte[] ciphertext, Guid clientId, Caller caller)
    {
        var author = new PractitionerId(caller.PractitionerId!.Value);
        var now = _clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var sequence = ++_given;
            if (await _items.AppendAsync(Id, new NewItem(sequence, epoch, ciphertext, now, clientId, author.Value), Event(caller, "consultation.item.post")))
            {
                // The item is committed; the sequence need not be (activation reads it back from the log).
                _state.State.LastSequence = Math.Max(_state.State.LastSequence, sequence);
                Publish(new ConsultationEvent(Id, ConsultationEventKind.Item, sequence, author, now, new EncryptedItem(sequence, epoch, ciphertext, now, author)));
                return sequence;
            }

            // The place is given again when no later one was given meanwhile; otherwise it stays empty and
            // readers step over it (a gap below a committed item is final: the log commits places in the order given).
            if (_given == sequence)
            {
                _given--;
            }

            if (await _items.SequenceOfAsync(Id, clientId) is { } stored)
            {
                // A retried send, committed already (with its record); its sender is told again.
                await _audit.RecordAsync([Event(caller, "consultation.item.post")]);
                return stored;
            }

            // The log is ahead of this activation's state (a write lost before a crash, or a second
            // activation during a partition): catch up and take the next place.
            var last = await _items.LastSequenceAsync(Id);
            if (last < sequence || attempt >= 5)
            {
                throw new DomainException(DomainErrorCode.Conflict, "The discussion could not be written; send again.");
            }

            _given = Math.Max(_given, last);
            _state.State.LastSequence = Math.Max(_state.State.LastSequence, last);
        }
    }

    public async Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller)
    {
        if (limit is < 1 or > MaxReadLimit)
        {
            throw DomainException.Invalid([new("limit", $"must be from 1 to {MaxReadLimit}")]);
        }

        await RequireParticipant(caller, "read this consultation");
        var stored = await _items.ReadAsync(Id, Math.Max(1, fromSequence), limit);
        await _audit.RecordAsync(_clock, caller, AuditCategory.Access, "consultation.read", ObjectType, Id.ToString());
        return stored.Select(i => new EncryptedItem(i.Sequence, i.Epoch, i.Ciphertext, i.PostedAt, i.Author is { } a ? new PractitionerId(a) : null, i.DeletedAt)).ToList();
    }

    public async Task<IReadOnlyList<EpochSealView>> GetEpochSeals(Caller caller)
    {
        await RequireParticipant(caller, "read this consultation's keys");
        var reader = caller.PractitionerId ?? Guid.Empty;
        return _state.State.Epochs
            .Select(e => new EpochSealView(e.Epoch, e.SealedToParticipants.GetValueOrDefault(reader), e.Group, e.GroupVersion, e.SealedToGroup))
            .ToList();
    }

    public async Task Delete(long sequence, Caller caller)
    {
        await RequireOpenTo(caller, "delete a message");
        var now = _clock.GetUtcNow();
        if (!await _items.EraseAsync(Id, sequence, caller.PractitionerId!.Value, now))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No message of yours at {sequence} (only the author deletes a message, once).");
        }

        await _audit.RecordAsync(_clock, caller, AuditCategory.Functional, "consultation.item.delete", ObjectType, Id.ToString());
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Deleted, sequence, new PractitionerId(caller.PractitionerId.Value), now));
    }

    public async Task MarkRead(long sequence, Caller caller)
    {
        await RequireParticipant(caller, "read this consultation");
        var reader = caller.PractitionerId!.Value;
        if (sequence < 1 || sequence > _state.State.LastSequence)
        {
            throw DomainException.Invalid([new("sequence", $"must be from 1 to {_state.State.LastSequence}")]);
        }

        if (_state.State.ReadUpTo.TryGetValue(reader, out var known) && known.Sequence >= sequence)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        _state.State.ReadUpTo[reader] = new ReadState { Sequence = sequence, At = now };
        await _state.WriteAuditedAsync(
            _audit, AuditEvent.Of(_clock, caller, AuditCategory.Access, "consultation.item.seen", ObjectType, Id.ToString()), _logger);
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Read, sequence, new PractitionerId(reader), now));
    }

    public async Task Signal(ConsultationEventKind kind, bool present, Caller caller)
    {
        if (kind is not (ConsultationEventKind.Typing or ConsultationEventKind.Presence))
        {
            throw DomainException.Invalid([new("kind", "is Typing or Presence")]);
        }

        await RequireParticipant(caller, "signal in this consultation");
        Publish(new ConsultationEvent(Id, kind, _state.State.LastSequence, new PractitionerId(caller.PractitionerId!.Value), _clock.GetUtcNow(), Present: present));
    }

    public async Task RecordDownload(DownloadKind kind, Caller caller)
    {
        await RequireParticipant(caller, "download from this consultation");
        await _audit.RecordAsync(_clock, caller, AuditCategory.Access, $"consultation.download.{kind.ToString().ToLowerInvariant()}", ObjectType, Id.ToString());
    }

    public Task<long> Subscribe(ILiveRelay relay)
    {
        RequireCreated();
        _relays.Subscribe(relay, relay);
        return Task.FromResult(_state.State.LastSequence);
    }

    public Task Unsubscribe(ILiveRelay relay)
    {
        _relays.Unsubscribe(relay);
        return Task.CompletedTask;
    }

    // Called only after the change is committed: a relay never hears of something that may be lost.
    private void Publish(ConsultationEvent change) => _relays.Notify(r => r.OnConsultationEvent(change));

    private async Task CheckSeal(EpochSeal seal, string prefix)
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

    private int AddEpoch(EpochSeal seal)
    {
        var epoch = new EpochState
        {
            Epoch = _state.State.Epochs.Count + 1,
            SealedToParticipants = new Dictionary<Guid, byte[]>(seal.SealedToParticipants),
            Group = seal.Group,
            GroupVersion = seal.GroupVersion,
            SealedToGroup = seal.SealedToGroup,
        };
        _state.State.Epochs.Add(epoch);
        return epoch.Epoch;
    }

    private Task<int> CurrentGroupVersion(Guid group) => GrainFactory.GetGrain<IGroupGrain>(group).GetCurrentVersion();

    private AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(_clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString());
}
