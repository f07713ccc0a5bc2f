using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Consultations;

/// <summary>
/// The encrypted side of a consultation: epochs with their sealed keys, and items appended at
/// their sequence number. Participants, workflow and retention come with the consultation feature.
/// </summary>
public sealed partial class ConsultationGrain(
    [PersistentState("consultation", StorageNames.Collab)] IPersistentState<ConsultationState> state,
    IEncryptedItemLog items,
    IAuditTrail audit,
    TimeProvider clock,
    ILogger<ConsultationGrain> logger) : Grain, IConsultationGrain
{
    public const int MaxItemBytes = 256 * 1024;
    public const int MaxReadLimit = 500;
    private const string ObjectType = "consultation";

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await state.FlushAuditAsync(audit);
        // An append may have committed just before a crash that lost the state write.
        state.State.LastSequence = Math.Max(state.State.LastSequence, await items.LastSequenceAsync(Id, cancellationToken));
    }

    public async Task<int> StartEpoch(EpochSeal seal, Caller caller)
    {
        await RequireOpenTo(caller, "start an epoch");
        var errors = new List<FieldError>();
        if (seal.SealedToParticipants.Count == 0 || !seal.SealedToParticipants.Values.All(KeyMaterialRules.IsSealedKey))
        {
            errors.Add(new("sealedToParticipants", "must seal the epoch key to at least one participant"));
        }

        if (seal.Group is not null && (seal.GroupVersion < 1 || !KeyMaterialRules.IsSealedKey(seal.SealedToGroup)))
        {
            errors.Add(new("sealedToGroup", "must seal the epoch key to the group's current key version"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (seal.Group is { } group && await CurrentGroupVersion(group) != seal.GroupVersion)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Group {group} has a newer key version than {seal.GroupVersion}: seal the epoch key to it.");
        }

        var epoch = new EpochState
        {
            Epoch = state.State.Epochs.Count + 1,
            SealedToParticipants = new Dictionary<Guid, byte[]>(seal.SealedToParticipants),
            Group = seal.Group,
            GroupVersion = seal.GroupVersion,
            SealedToGroup = seal.SealedToGroup,
        };
        state.State.Epochs.Add(epoch);
        await state.WriteAuditedAsync(audit, Event(caller, "consultation.epoch.start"), logger);
        return epoch.Epoch;
    }

    public Task<long> NextSequence() => Task.FromResult(state.State.LastSequence + 1);

    public async Task<long> Post(int epoch, long sequence, byte[] ciphertext, Guid clientId, Caller caller)
    {
        await RequireOpenTo(caller, "write to this consultation");
        if (clientId == Guid.Empty)
        {
            throw DomainException.Invalid([new("clientId", "is required: a new id per message, the same on a retry")]);
        }

        if (await items.SequenceOfAsync(Id, clientId) is { } stored)
        {
            return stored; // a retried send: already committed
        }

        if (epoch < 1 || epoch > state.State.Epochs.Count)
        {
            throw DomainException.Invalid([new("epoch", $"must be an epoch of this consultation (1 to {state.State.Epochs.Count})")]);
        }

        // New content goes to the current epoch only, and only while its group key is current:
        // after a membership change the sender must start an epoch the leaver never receives.
        var current = state.State.Epochs[^1];
        if (epoch != current.Epoch || (current.Group is { } group && await CurrentGroupVersion(group) != current.GroupVersion))
        {
            throw new DomainException(DomainErrorCode.Conflict, "The recipients' keys changed since this epoch began: start a new epoch and encrypt again.");
        }

        if (ciphertext is not { Length: > 0 and <= MaxItemBytes })
        {
            throw DomainException.Invalid([new("ciphertext", $"must hold 1 to {MaxItemBytes} bytes")]);
        }

        if (sequence != state.State.LastSequence + 1)
        {
            throw SequenceTaken(sequence);
        }

        if (!await items.AppendAsync(Id, sequence, epoch, ciphertext, clock.GetUtcNow(), clientId))
        {
            // The log is ahead of this activation's state (a write lost before a crash): catch up.
            state.State.LastSequence = await items.LastSequenceAsync(Id);
            throw SequenceTaken(sequence);
        }

        state.State.LastSequence = sequence;
        await state.WriteAuditedAsync(audit, Event(caller, "consultation.item.post"), logger);
        return sequence;
    }

    public async Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller)
    {
        if (limit is < 1 or > MaxReadLimit)
        {
            throw DomainException.Invalid([new("limit", $"must be from 1 to {MaxReadLimit}")]);
        }

        await RequireParticipant(caller, "read this consultation");
        var stored = await items.ReadAsync(Id, Math.Max(1, fromSequence), limit);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "consultation.read", ObjectType, Id.ToString());
        return stored.Select(i => new EncryptedItem(i.Sequence, i.Epoch, i.Ciphertext, i.PostedAt)).ToList();
    }

    public async Task<IReadOnlyList<EpochSealView>> GetEpochSeals(Caller caller)
    {
        await RequireParticipant(caller, "read this consultation's keys");
        var reader = caller.PractitionerId ?? Guid.Empty;
        return state.State.Epochs
            .Select(e => new EpochSealView(e.Epoch, e.SealedToParticipants.GetValueOrDefault(reader), e.Group, e.GroupVersion, e.SealedToGroup))
            .ToList();
    }

    private Task<int> CurrentGroupVersion(Guid group) => GrainFactory.GetGrain<IGroupGrain>(group).GetCurrentVersion();

    private DomainException SequenceTaken(long sequence) =>
        new(DomainErrorCode.Conflict, $"Sequence {sequence} is taken; encrypt for {state.State.LastSequence + 1}.");

    private AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString());
}
