using System.Security.Cryptography;
using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Knowledge;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Conversations;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Knowledge;

/// <summary>
/// An anonymous question to a specialist network (<see cref="INetworkCaseGrain"/>). The access rules: the asker (a
/// validated care provider) and the network's confirmed members read and write; a reviewer is a confirmed member other
/// than the asker; only the asker proposes and withdraws. Refusals are traced. The network sees the asker as the case
/// itself (<see cref="Present"/>) unless the asker chose otherwise. A case made from a consultation has two authors
/// (<c>NetworkCaseGrain.Consultation.cs</c>); the thread expires with its retention (<c>NetworkCaseGrain.Retention.cs</c>).
/// </summary>
public sealed partial class NetworkCaseGrain(
    [PersistentState("networkcase", StorageNames.Collab)] IPersistentState<NetworkCaseState> state,
    IEncryptedItemLog items,
    IKnowledgeIndex index,
    IKnowledgePseudonyms pseudonyms,
    IContentShredder shredder,
    ICertificateSigner signer,
    IAuditTrail audit,
    TimeProvider clock,
    ILogger<NetworkCaseGrain> logger) : Grain, INetworkCaseGrain, IRemindable
{
    private const string ObjectType = "networkcase";

    /// <summary>The longest message envelope (a question or an answer with its formatting).</summary>
    public const int MaxItemBytes = ConversationLimits.MaxItemBytes;

    private Guid Id => this.GetPrimaryKey();

    private NetworkCaseState S => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await state.FlushAuditAsync(audit);
        if (S.Asker is not null)
        {
            S.LastSequence = Math.Max(S.LastSequence, await items.LastSequenceAsync(Id, cancellationToken));
            if (S.Retention.Policy is null)
            {
                // A case asked before threads expired: its period starts now, so nothing goes without a warning.
                S.ChangedAt = clock.GetUtcNow();
                await StartRetentionAsync();
            }
        }
    }

    public async Task Ask(NetworkCaseStart start, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "ask a network");
        if (S.Asker is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Case {Id} exists already.");
        }

        var errors = new List<FieldError>();
        CheckEnvelope(start.Question, start.ClientId, errors, "question");
        await BeginAsync(start.Network, start.AgeBand, start.Sex, start.SeatPublicKey, [start.SeatSealedToAsker], start.FirstKey, errors);
        S.Asker = caller.PractitionerId!.Value;
        S.RevealAsker = start.RevealAsker;
        S.Status = NetworkCaseStatus.Asked;
        S.SeatSealedToAsker = start.SeatSealedToAsker;
        await state.WriteAuditedAsync(audit, Event(caller, "networkcase.ask"), logger);
        await AppendAsync(1, start.Question, start.ClientId, caller);
        await StartRetentionAsync();
        await Task.WhenAll(
            GrainFactory.Grain<IKnowledgeCaseListGrain>(S.Asker.Value).Add(Id),
            GrainFactory.Grain<IKnowledgeCaseListGrain>(S.Network).Add(Id));
    }

    public async Task<NetworkCaseView> Get(Caller caller)
    {
        var asker = await RequireReader(caller, "read this case");
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "networkcase.read", ObjectType, Id.ToString());
        var seat = !asker ? null : caller.PractitionerId == S.Asker ? S.SeatSealedToAsker : S.SeatSealedToCoAuthor;
        return new NetworkCaseView(
            Id, S.Network, S.NetworkName, S.Specialty, S.AgeBand, S.Sex, S.AskedAt, S.Status, asker,
            asker || S.RevealAsker ? new PractitionerId(S.Asker!.Value) : null,
            S.SeatPublicKey, seat, S.Keys, S.LastSequence, S.Proposal, S.PublishedId, S.RevealAsker,
            S.Retention.DestroyAt, S.Retention.DestroyedAt, S.Consultation is not null,
            S.Status == NetworkCaseStatus.AwaitingConsent && asker && caller.PractitionerId != S.ProposedBy);
    }

    public async Task<int> AddKey(CaseKeySeal seal, Caller caller)
    {
        await RequireReader(caller, "write in this case");
        RequireNotDestroyed();
        var errors = new List<FieldError>();
        CheckKey(seal, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (await GrainFactory.Grain<IGroupGrain>(S.Network).GetCurrentVersion() != seal.GroupVersion)
        {
            throw new DomainException(DomainErrorCode.Stale, "The network's keys changed: seal the case key to its current version.");
        }

        var version = S.Keys.Count + 1;
        S.Keys.Add(new CaseKeyView(version, seal.GroupVersion, seal.SealedToGroup, seal.SealedToSeat));
        await state.WriteAuditedAsync(audit, Event(caller, "networkcase.key"), logger);
        return version;
    }

    public async Task<long> Post(int keyVersion, byte[] ciphertext, Guid clientId, Caller caller)
    {
        await RequireReader(caller, "write in this case");
        RequireNotDestroyed();
        var errors = new List<FieldError>();
        CheckEnvelope(ciphertext, clientId, errors, "ciphertext");
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        // New messages go under the newest key, and only while the network's ring has not turned since: a removed
        // member's copy of an older key opens nothing written after.
        if (keyVersion != S.Keys.Count || await GrainFactory.Grain<IGroupGrain>(S.Network).GetCurrentVersion() != S.Keys[^1].GroupVersion)
        {
            throw new DomainException(DomainErrorCode.Stale, "The network's keys changed: make a new case key and encrypt again.");
        }

        return await AppendAsync(keyVersion, ciphertext, clientId, caller);
    }

    public async Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller)
    {
        await RequireReader(caller, "read this case");
        RequireNotDestroyed();
        if (limit is < 1 or > ConversationLimits.MaxReadLimit)
        {
            throw DomainException.Invalid([new("limit", $"must be from 1 to {ConversationLimits.MaxReadLimit}")]);
        }

        var stored = await items.ReadAsync(Id, Math.Max(1, fromSequence), limit);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "networkcase.read", ObjectType, Id.ToString());
        return stored.Select(i => new EncryptedItem(i.Sequence, i.Epoch, i.Ciphertext, i.PostedAt, Present(i.Author), i.DeletedAt)).ToList();
    }

    public async Task Propose(CaseProposal proposal, Caller caller)
    {
        await RequireAsker(caller, "propose this case for the knowledge base");
        RequireNotDestroyed();
        if (S.Status is not (NetworkCaseStatus.Asked or NetworkCaseStatus.SentBack))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"The case is {S.Status}: it can be proposed while asked or sent back.");
        }

        var errors = new List<FieldError>();
        var codes = CheckProposal(proposal, S.Keys.Count, errors);
        if (S.Consultation is null)
        {
            var answer = proposal.AnswerSequence < 2 ? null : (await items.ReadAsync(Id, proposal.AnswerSequence, 1)).FirstOrDefault(i => i.Sequence == proposal.AnswerSequence);
            if (answer?.Author is not { } answerer || answerer == S.Asker)
            {
                errors.Add(new("answerSequence", "must be a message of the network that answers the question"));
            }
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        S.Proposal = proposal with { IcdCodes = codes };
        S.ProposedBy = caller.PractitionerId;
        await ChangeAsync(S.Consultation is null ? NetworkCaseStatus.Proposed : NetworkCaseStatus.AwaitingConsent, caller, "networkcase.propose");
        if (S.Consultation is not null)
        {
            AskConsent();
        }
    }

    public async Task<string> Approve(CasePublication publication, Caller caller)
    {
        await RequireReviewer(caller, "approve this case");
        var proposal = S.Proposal!;
        var errors = new List<FieldError>();
        foreach (var (field, text) in new[] { ("question", publication.Question), ("answer", publication.Answer), ("summary", publication.Summary) })
        {
            if (string.IsNullOrWhiteSpace(text) || text.Length > KnowledgeDocument.MaxTextLength)
            {
                errors.Add(new(field, $"is required, at most {KnowledgeDocument.MaxTextLength} characters"));
            }
        }

        if (errors.Count == 0 && !CryptographicOperations.FixedTimeEquals(Digest(publication), proposal.Digest))
        {
            errors.Add(new("publication", "must be the text the asker proposed, unchanged"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var answerer = S.CoAuthor ?? (await items.ReadAsync(Id, proposal.AnswerSequence, 1)).Single().Author!.Value;
        var document = new KnowledgeDocument(
            pseudonyms.Of("document", Id),
            publication.Question.Trim(),
            publication.Answer.Trim(),
            publication.Summary.Trim(),
            S.Specialty,
            proposal.IcdCodes,
            proposal.IcdCodes.Select(c => Icd10.ChapterOf(c)!).Distinct().ToList(),
            S.AgeBand,
            S.Sex,
            S.AskedAt.Year,
            pseudonyms.Of("practitioner", S.Asker!.Value),
            pseudonyms.Of("practitioner", answerer),
            S.Consultation is { } consultation ? pseudonyms.Of("consultation", consultation) : pseudonyms.Of("case", Id),
            clock.GetUtcNow());
        await index.IndexAsync([document]);
        S.PublishedId = document.Id;
        await ChangeAsync(NetworkCaseStatus.Published, caller, "networkcase.publish");
        return document.Id;
    }

    public async Task SendBack(Caller caller)
    {
        await RequireReviewer(caller, "send this case back");
        await ChangeAsync(NetworkCaseStatus.SentBack, caller, "networkcase.sendback");
    }

    public async Task Withdraw(Caller caller)
    {
        await RequireAsker(caller, "withdraw this case");
        if (S.Status == NetworkCaseStatus.AwaitingConsent)
        {
            S.Proposal = null; // a party refuses: the text goes with it
            await ChangeAsync(NetworkCaseStatus.Withdrawn, caller, "networkcase.refuse");
            return;
        }

        if (S.Status != NetworkCaseStatus.Published)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Only a published case is withdrawn.");
        }

        await index.DeleteAsync(S.PublishedId!);
        await ChangeAsync(NetworkCaseStatus.Withdrawn, caller, "networkcase.withdraw");
    }

    /// <summary>The SHA-256 of the published text as both sides compute it (each part's UTF-8, separated by a zero byte).</summary>
    public static byte[] Digest(CasePublication publication) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{publication.Question.Trim()}\0{publication.Answer.Trim()}\0{publication.Summary.Trim()}"));

    // The asker (both authors of a consultation's case) is shown as the case itself: their messages name no one.
    private PractitionerId? Present(Guid? author) => author is not { } a ? null : new PractitionerId(IsAuthor(a) ? Id : a);

    private bool IsAuthor(Guid? practitioner) => practitioner is { } p && (p == S.Asker || p == S.CoAuthor);

    private async Task ChangeAsync(NetworkCaseStatus status, Caller caller, string action)
    {
        S.Status = status;
        S.ChangedAt = clock.GetUtcNow();
        await state.WriteAuditedAsync(audit, Event(caller, action), logger);
    }

    // The proposal's codes, normalised (an error for each broken rule).
    private static List<string> CheckProposal(CaseProposal proposal, int keyCount, List<FieldError> errors)
    {
        var codes = proposal.IcdCodes.Select(Icd10.Normalize).ToList();
        if (codes.Count is 0 or > CaseProposal.MaxCodes || codes.Any(c => c is null))
        {
            errors.Add(new("icdCodes", $"must be 1 to {CaseProposal.MaxCodes} ICD-10 codes, such as I48 or R00.2"));
        }

        if (proposal.KeyVersion < 1 || proposal.KeyVersion > keyCount || proposal.Ciphertext is not { Length: > 0 and <= 4 * KnowledgeDocument.MaxTextLength + 1024 } || proposal.Digest is not { Length: 32 })
        {
            errors.Add(new("ciphertext", "must be the anonymised text encrypted under a key of this case, with its SHA-256"));
        }

        return [.. codes.OfType<string>().Distinct()];
    }

    private async Task<long> AppendAsync(int keyVersion, byte[] ciphertext, Guid clientId, Caller caller)
    {
        if (MessageCipher.ReadClear(ciphertext).Seen > S.LastSequence)
        {
            throw DomainException.Invalid([new("ciphertext", "must be written after messages that exist")]);
        }

        for (var attempt = 1; ; attempt++)
        {
            var sequence = S.LastSequence + 1;
            if (await items.AppendAsync(Id, new NewItem(sequence, keyVersion, ciphertext, clock.GetUtcNow(), clientId, caller.PractitionerId!.Value), Event(caller, "networkcase.post")))
            {
                S.LastSequence = sequence;
                return sequence;
            }

            if (await items.SequenceOfAsync(Id, clientId) is { } retried)
            {
                return retried; // a retried send, stored already
            }

            S.LastSequence = await items.LastSequenceAsync(Id);
            if (attempt >= 5)
            {
                throw new DomainException(DomainErrorCode.Conflict, "The case could not be written; send again.");
            }
        }
    }

    // What an anonymous question and a consultation's submission share: the network, the age band and sex, the seat
    // and the first key are checked (with the caller's other errors), then set in the state.
    private async Task BeginAsync(Guid networkId, AgeBand age, CaseSex sex, byte[]? seatPublicKey, byte[]?[] seatSeals, CaseKeySeal? firstKey, List<FieldError> errors)
    {
        var network = GrainFactory.Grain<IGroupGrain>(networkId);
        var info = await TryInfo(network);
        if (info is not { IsNetwork: true })
        {
            errors.Add(new("network", "must be a specialist network"));
        }

        if (!Enum.IsDefined(age) || !Enum.IsDefined(sex))
        {
            errors.Add(new("ageBand", "must be one of the age bands, and sex one of Unspecified, Female, Male"));
        }

        if (seatPublicKey is not { Length: 32 } || !seatSeals.All(KeyMaterialRules.IsSealedKey))
        {
            errors.Add(new("seat", "must be the case's public key and its private key sealed to each of its authors"));
        }

        CheckKey(firstKey, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (await network.GetCurrentVersion() != firstKey!.GroupVersion)
        {
            throw new DomainException(DomainErrorCode.Stale, "The network's keys changed: seal the case key to its current version.");
        }

        S.Network = networkId;
        S.NetworkName = info!.Name;
        S.Specialty = info.NetworkSpecialty!;
        S.AgeBand = age;
        S.Sex = sex;
        S.AskedAt = S.ChangedAt = clock.GetUtcNow();
        S.SeatPublicKey = seatPublicKey!;
        S.Keys = [new CaseKeyView(1, firstKey.GroupVersion, firstKey.SealedToGroup, firstKey.SealedToSeat)];
    }

    private static void CheckKey(CaseKeySeal? seal, List<FieldError> errors)
    {
        if (seal is null || seal.GroupVersion < 1 || !KeyMaterialRules.IsSealedKey(seal.SealedToGroup) || !KeyMaterialRules.IsSealedKey(seal.SealedToSeat))
        {
            errors.Add(new("key", "must be sealed to the network's current key version and to the asker's seat"));
        }
    }

    private static void CheckEnvelope(byte[]? ciphertext, Guid clientId, List<FieldError> errors, string field)
    {
        if (clientId == Guid.Empty)
        {
            errors.Add(new("clientId", "is required: a new id per message, the same on a retry"));
        }
        else if (ciphertext is not { Length: <= MaxItemBytes } || !MessageCipher.LooksLike(ciphertext) || MessageCipher.ReadClear(ciphertext).ClientId != clientId)
        {
            errors.Add(new(field, $"must be a message envelope of at most {MaxItemBytes} bytes, written for this client id"));
        }
    }

    private static async Task<GroupInfo?> TryInfo(IGroupGrain network)
    {
        try
        {
            return await network.GetInfo();
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The asker (an author) or a confirmed member of the network (true for an author); anyone else is refused, and traced.
    /// The network reads a consultation's case only once both parties consented.
    /// </summary>
    private async Task<bool> RequireReader(Caller caller, string action)
    {
        if (S.Asker is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Case {Id} does not exist.");
        }

        try
        {
            await AccessRules.RequireCareProvider(GrainFactory, caller, action);
            if (IsAuthor(caller.PractitionerId))
            {
                return true;
            }

            if ((S.Consultation is null || S.Reviewable) && await GrainFactory.Grain<IGroupGrain>(S.Network).IsConfirmedMember(new PractitionerId(caller.PractitionerId!.Value)))
            {
                return false;
            }

            throw AccessRules.Forbidden(action);
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            await RefusedAsync(caller);
            throw;
        }
    }

    private async Task RequireAsker(Caller caller, string action)
    {
        if (!await RequireReader(caller, action))
        {
            await RefusedAsync(caller);
            throw AccessRules.Forbidden(action + " (the asker only)");
        }
    }

    private async Task RequireReviewer(Caller caller, string action)
    {
        if (await RequireReader(caller, action))
        {
            await RefusedAsync(caller);
            throw AccessRules.Forbidden(action + " (a reviewer of the network, not the asker)");
        }

        if (S.Status != NetworkCaseStatus.Proposed)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"The case is {S.Status}: only a proposed case is reviewed.");
        }
    }

    private Task RefusedAsync(Caller caller) =>
        audit.RecordAsync(clock, caller, AuditCategory.Access, "networkcase.access", ObjectType, Id.ToString(), AuditOutcome.Refused);

    private AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString());
}
