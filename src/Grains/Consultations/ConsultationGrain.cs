using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Audit;
using Collab.Grains.Conversations;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Consultations;

/// <summary>
/// The encrypted side of a consultation: epochs with their sealed keys, items appended at their
/// sequence number, read receipts, and the live events sent to web nodes after each commit.
/// </summary>
public sealed partial class ConsultationGrain : Grain, IConsultationGrain, IRemindable
{
    private const string ObjectType = "consultation";

    private readonly IPersistentState<ConsultationState> _state;
    private readonly IEncryptedItemLog _items;
    private readonly IConsultationIndex _index;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConsultationGrain> _logger;
    private readonly IContentShredder _shredder;
    private readonly ICertificateSigner _signer;
    private readonly Conversation<ConsultationState> _conversation;

    public ConsultationGrain(
        [PersistentState("consultation", StorageNames.Collab)] IPersistentState<ConsultationState> state,
        IEncryptedItemLog items,
        IConsultationIndex index,
        IAuditTrail audit,
        IContentShredder shredder,
        ICertificateSigner signer,
        IGrainContext context,
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
        _conversation = new(context, ObjectType, state, items, audit, GrainFactory, clock, logger);
    }

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _state.FlushAuditAsync(_audit);
        await _conversation.ActivateAsync(cancellationToken);
    }

    public async Task<int> StartEpoch(EpochSeal seal, Caller caller)
    {
        await RequireOpenTo(caller, "start an epoch");
        return await _conversation.StartEpoch(seal, caller);
    }

    public async Task<ConversationRecipients> Recipients(Caller caller)
    {
        await RequireParticipant(caller, "read this consultation's keys");
        var s = _state.State;
        Guid?[] people = [s.Requester, s.RequiredPractitioner, s.AcceptedBy, caller.PractitionerId];
        return new(people.OfType<Guid>().Distinct().Select(p => new PractitionerId(p)).ToList(), s.RequiredGroup);
    }

    // Writing needs a participant and a consultation not yet finished, checked again after the last await.
    public Task<long> Post(int epoch, byte[] ciphertext, Guid clientId, Caller caller) =>
        _conversation.Post(epoch, ciphertext, clientId, caller, () => RequireParticipant(caller, "write to this consultation"), RequireOpen);

    public async Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller)
    {
        await RequireParticipant(caller, "read this consultation");
        return await _conversation.Read(fromSequence, limit, caller);
    }

    public async Task<IReadOnlyList<EpochSealView>> GetEpochSeals(Caller caller)
    {
        await RequireParticipant(caller, "read this consultation's keys");
        return _conversation.Seals(caller.PractitionerId ?? Guid.Empty);
    }

    public async Task Delete(long sequence, Caller caller)
    {
        await RequireOpenTo(caller, "delete a message");
        await _conversation.Delete(sequence, caller);
    }

    public async Task MarkRead(long sequence, Caller caller)
    {
        await RequireParticipant(caller, "read this consultation");
        await _conversation.MarkRead(sequence, caller);
    }

    public async Task Signal(ConsultationEventKind kind, bool present, Caller caller)
    {
        await RequireParticipant(caller, "signal in this consultation");
        _conversation.Signal(kind, present, caller);
    }

    public async Task RecordDownload(DownloadKind kind, Caller caller)
    {
        await RequireParticipant(caller, "download from this consultation");
        await _conversation.RecordDownload(kind, caller);
    }

    public Task<long> Subscribe(ILiveRelay relay)
    {
        RequireCreated();
        return Task.FromResult(_conversation.Subscribe(relay));
    }

    public Task Unsubscribe(ILiveRelay relay)
    {
        _conversation.Unsubscribe(relay);
        return Task.CompletedTask;
    }

    // Called only after the change is committed: a relay never hears of something that may be lost.
    private void Publish(ConsultationEvent change) => _conversation.Publish(change);

    private Task CheckSeal(EpochSeal seal, string prefix) => _conversation.CheckSeal(seal, prefix);

    private int AddEpoch(EpochSeal seal) => _conversation.AddEpoch(seal);
}
