using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;

namespace Collab.Grains.Consultations;

/// <summary>The request and its workflow: who the parties are, what each may do, and when it happened.</summary>
public sealed partial class ConsultationGrain
{
    /// <summary>The most characters a reason (decline, cancel, opposition) holds; checked before encryption.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>A request still waiting after this long reminds the required party (once).</summary>
    public static readonly TimeSpan UnansweredAfter = TimeSpan.FromDays(5);
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromHours(6);
    private const string UnansweredReminder = "unanswered";
    private const int MaxFieldBytes = 64 * 1024;

    public async Task CreateDraft(ConsultationDraft draft, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "request an opinion");
        if (_state.State.Requester is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Consultation {Id} exists already.");
        }

        var errors = new List<FieldError>();
        if ((draft.RequiredPractitioner is null) == (draft.RequiredGroup is null))
        {
            errors.Add(new("required", "name one practitioner or one group"));
        }

        if (draft.RequiredPractitioner?.Value == caller.PractitionerId)
        {
            errors.Add(new("required", "must be someone else"));
        }

        foreach (var (field, value) in new[] { ("patientIdentity", draft.PatientIdentity), ("question", draft.Question), ("description", draft.Description) })
        {
            if (!IsEncrypted(value, MaxFieldBytes))
            {
                errors.Add(new(field, $"must be encrypted content of at most {MaxFieldBytes} bytes"));
            }
        }

        if (draft.PatientOpposes && draft.OppositionReason is null)
        {
            errors.Add(new("oppositionReason", "is required when the patient opposes electronic exchange"));
        }

        if (draft.OppositionReason is not null && !IsEncrypted(draft.OppositionReason, ConsultationFields.MaxReasonBytes))
        {
            errors.Add(new("oppositionReason", $"must be encrypted content of at most {ConsultationFields.MaxReasonBytes} bytes"));
        }

        if (caller.PractitionerId is { } requester && !draft.FirstEpoch.SealedToParticipants.ContainsKey(requester))
        {
            errors.Add(new("firstEpoch.sealedToParticipants", "must seal the first epoch's key to the requester"));
        }

        if (draft.RequiredPractitioner is { } named && !draft.FirstEpoch.SealedToParticipants.ContainsKey(named.Value))
        {
            errors.Add(new("firstEpoch.sealedToParticipants", "must seal the first epoch's key to the required practitioner"));
        }

        if (draft.FirstEpoch.Group != draft.RequiredGroup)
        {
            errors.Add(new("firstEpoch.group", "must seal the first epoch's key to the required group"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        await CheckSeal(draft.FirstEpoch, "firstEpoch.");
        if (draft.RequiredPractitioner is { } required
            && await GrainFactory.Grain<IPractitionerGrain>(required.Value).GetStanding() is var standing
            && (standing.Status != AccountStatus.Active || standing.IsOperator))
        {
            throw DomainException.Invalid([new("required", "must be a validated, active practitioner (not an operator of the platform)")]);
        }


        _state.State.Requester = caller.PractitionerId;
        _state.State.RequiredPractitioner = draft.RequiredPractitioner?.Value;
        _state.State.RequiredGroup = draft.RequiredGroup;
        _state.State.PatientIdentity = draft.PatientIdentity;
        _state.State.Question = draft.Question;
        _state.State.Description = draft.Description;
        _state.State.PatientOpposes = draft.PatientOpposes;
        _state.State.OppositionReasonSealed = draft.PatientOpposes ? draft.OppositionReason : null;
        _state.State.ConsentToShare = draft.ConsentToShare;
        _state.State.Status = ConsultationStatus.Draft;
        _state.State.Timeline[ConsultationStatus.Draft] = _clock.GetUtcNow();
        AddEpoch(draft.FirstEpoch);
        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, "draft"), _logger);
        await IndexAndPublish([]);
    }

    public async Task Act(ConsultationAction action, ConsultationActionInput input, Caller caller)
    {
        RequireCreated();
        RequireNotDestroyed();
        var role = await RoleOf(caller);
        var next = ConsultationWorkflow.Next(_state.State.Status, action, role);
        switch (action)
        {
            // The reason is health data: it stays encrypted, out of the error too.
            case ConsultationAction.Send when _state.State.PatientOpposes:
                throw new DomainException(DomainErrorCode.Conflict, "The patient opposes electronic exchange: the request cannot be sent.");
            case ConsultationAction.Answer when !IsEncrypted(input.Opinion, MaxFieldBytes):
                throw DomainException.Invalid([new("opinion", $"must be encrypted content of at most {MaxFieldBytes} bytes")]);
            case ConsultationAction.Answer when input.ActCode is { } code && !IsActCode(code):
                throw DomainException.Invalid([new("actCode", "is 2 to 8 capital letters or digits (e.g. TE2)")]);
            case ConsultationAction.Decline or ConsultationAction.Cancel when !IsEncrypted(input.Reason, ConsultationFields.MaxReasonBytes):
                throw DomainException.Invalid([new("reason", $"is required, encrypted, at most {ConsultationFields.MaxReasonBytes} bytes")]);
        }

        if (action == ConsultationAction.Accept)
        {
            TakeAccepterSeals(caller.PractitionerId!.Value, input.AccepterSeals);
            _state.State.AcceptedBy = caller.PractitionerId;
        }

        if (action == ConsultationAction.Answer)
        {
            _state.State.Opinion = input.Opinion;
            _state.State.ActCode = input.ActCode;
            _state.State.Billing = input.ActCode is null ? BillingStatus.None : BillingStatus.ToBill;
        }

        if (action is ConsultationAction.Decline or ConsultationAction.Cancel)
        {
            _state.State.ReasonSealed = input.Reason;
            _state.State.LegacyReason = null;
        }

        var now = _clock.GetUtcNow();
        _state.State.Status = next;
        _state.State.Timeline[next] = now;
        if (ConsultationWorkflow.IsFinal(next))
        {
            await RetentionTimer.StartAsync(this, _state.State.Retention, await EffectiveRetention(), now);
        }

        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, action.ToString().ToLowerInvariant()), _logger);
        var required = WasSent ? await RequiredParty() : [];
        await IndexAndPublish(required);
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Status, _state.State.LastSequence, caller.PractitionerId is { } by ? new PractitionerId(by) : null, now, Status: next));
        switch (action)
        {
            case ConsultationAction.Send:
                await this.RegisterOrUpdateReminder(UnansweredReminder, UnansweredAfter, ReminderPeriod);
                Notify(required, ConsultationNotice.NewRequest);
                break;
            case ConsultationAction.Answer:
                GrainFactory.Grain<IPractitionerGrain>(_state.State.Requester!.Value).Notify(ConsultationNotice.Opinion, Id).Ignore();
                break;
        }
    }

    /// <summary>
    /// The one who takes a case keeps it (docs/security.md, "Leaving a group"): every epoch they could open only
    /// through the group gets their own copy, so a later removal from the group leaves this consultation readable to them.
    /// </summary>
    private void TakeAccepterSeals(Guid accepter, IReadOnlyDictionary<int, byte[]>? seals)
    {
        var missing = _state.State.Epochs.Where(e => !e.SealedToParticipants.ContainsKey(accepter)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (seals is null || missing.Any(e => !seals.ContainsKey(e.Epoch)))
        {
            // Either the client skipped the seals or an epoch began since it read them: both read the epochs again.
            throw seals is null
                ? DomainException.Invalid([new("accepterSeals", "must seal each epoch key the accepter holds only through the group to the accepter")])
                : new DomainException(DomainErrorCode.Stale, "An epoch began since the keys were read: open them again and accept.");
        }

        if (missing.Any(e => !KeyMaterialRules.IsSealedKey(seals[e.Epoch])))
        {
            throw DomainException.Invalid([new("accepterSeals", "must hold sealed keys")]);
        }

        foreach (var epoch in missing)
        {
            epoch.SealedToParticipants[accepter] = seals[epoch.Epoch];
        }
    }

    private static bool IsEncrypted(byte[]? value, int maxBytes) =>
        Envelope.LooksLike(EnvelopeKind.Content, value, Envelope.HeaderBytes + Envelope.NonceBytes + Envelope.TagBytes) && value!.Length <= maxBytes;

    public async Task MarkBilled(Caller caller)
    {
        RequireCreated();
        RequireNotDestroyed();
        if (await RoleOf(caller) != ConsultationRole.Accepter)
        {
            throw AccessRules.Forbidden("mark this act billed (only the one who answered)");
        }

        if (_state.State.Billing != BillingStatus.ToBill)
        {
            throw new DomainException(DomainErrorCode.Conflict, _state.State.Billing == BillingStatus.Billed ? "The act is billed already." : "There is no act to bill: answer with an act code first.");
        }

        _state.State.Billing = BillingStatus.Billed;
        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, "billed"), _logger);
        await IndexAsync(); // statistics count what was billed
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Status, _state.State.LastSequence, new PractitionerId(caller.PractitionerId!.Value), _clock.GetUtcNow(), Status: _state.State.Status));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RetentionTimer.ReminderName)
        {
            await RetentionTick();
            return;
        }

        if (reminderName != UnansweredReminder)
        {
            return;
        }

        // Reminders tick on the silo's clock; the rule reads the injected one (a fake clock in tests).
        if (_state.State.Status != ConsultationStatus.Requested || _state.State.ReminderSentAt is not null)
        {
            if (await this.GetReminder(UnansweredReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        if (_clock.GetUtcNow() - _state.State.Timeline[ConsultationStatus.Requested] < UnansweredAfter)
        {
            return;
        }

        _state.State.ReminderSentAt = _clock.GetUtcNow();
        await _state.WriteAuditedAsync(_audit, _conversation.Event(Caller.System("reminder"), "remind"), _logger);
        await IndexAsync(); // statistics count the reminders sent
        Notify(await RequiredParty(), ConsultationNotice.Unanswered);
    }

    /// <summary>The required practitioner, or every confirmed member of the required group (who hear of a request once it is sent).</summary>
    private async Task<IReadOnlyList<PractitionerId>> RequiredParty() =>
        _state.State.RequiredGroup is { } group
            ? await GrainFactory.Grain<IGroupGrain>(group).GetConfirmedMembers()
            : [new PractitionerId(_state.State.RequiredPractitioner!.Value)];

    private void Notify(IReadOnlyList<PractitionerId> people, ConsultationNotice notice)
    {
        foreach (var practitioner in people)
        {
            GrainFactory.Grain<IPractitionerGrain>(practitioner.Value).Notify(notice, Id).Ignore();
        }
    }

    // The inbox row: parties, status, dates (and when it will be destroyed), never health data.
    private async Task<InboxEntry> IndexAsync()
    {
        var s = _state.State;
        var entry = new InboxEntry(
            Id, s.Status, new PractitionerId(s.Requester!.Value),
            s.RequiredPractitioner is { } p ? new PractitionerId(p) : null, s.RequiredGroup,
            s.AcceptedBy is { } a ? new PractitionerId(a) : null,
            s.Timeline.Values.Max(), s.Timeline.TryGetValue(ConsultationStatus.Requested, out var requested) ? requested : null,
            s.Retention.DestroyAt);
        await _index.UpsertAsync(new ConsultationIndexEntry(entry, s.Timeline.TryGetValue(ConsultationStatus.Answered, out var answered) ? answered : null, s.ActCode, s.Billing, s.ReminderSentAt));
        return entry;
    }

    // The inbox row first (so a list fetched on the event shows the change), then the live event to each party.
    private async Task IndexAndPublish(IReadOnlyList<PractitionerId> required)
    {
        var s = _state.State;
        var entry = await IndexAsync();

        var parties = new HashSet<PractitionerId> { entry.Requester };
        if (s.Status != ConsultationStatus.Draft)
        {
            parties.UnionWith(await RequiredParty());
        }

        foreach (var party in parties)
        {
            GrainFactory.Grain<IInboxGrain>(party.Value).Publish(new InboxEvent(party, Id, s.Status)).Ignore();
        }
    }

    private bool WasSent => _state.State.Timeline.ContainsKey(ConsultationStatus.Requested);

    private static bool IsActCode(string code) => code.Length is >= 2 and <= 8 && code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    public async Task<ConsultationView> Get(Caller caller)
    {
        var role = await RequireParticipant(caller, "read this consultation");
        var s = _state.State;
        await _audit.RecordAsync(_clock, caller, AuditCategory.Access, "consultation.view", ObjectType, Id.ToString());
        return new ConsultationView(
            Id, s.Status, new PractitionerId(s.Requester!.Value),
            s.RequiredPractitioner is { } p ? new PractitionerId(p) : null, s.RequiredGroup,
            s.AcceptedBy is { } a ? new PractitionerId(a) : null,
            new Dictionary<ConsultationStatus, DateTimeOffset>(s.Timeline),
            s.PatientIdentity, s.Question, s.Description, s.Opinion, s.ReasonSealed,
            role, ConsultationWorkflow.Available(s.Status, role),
            s.ReadUpTo.Select(r => new ReadReceipt(new PractitionerId(r.Key), r.Value.Sequence, r.Value.At)).ToList(),
            s.LastSequence, s.ActCode, s.Billing, s.PatientOpposes, s.ConsentToShare,
            s.Retention.Policy ?? s.RetentionOverride, s.Retention.DestroyAt, s.PreviousPatientIdentities.ToList(),
            s.OppositionReasonSealed, s.LegacyReason, s.LegacyOppositionReason);
    }

    public async Task<ConsultationHeadline> Headline(Caller caller)
    {
        var role = await RequireParticipant(caller, "read this consultation");
        var s = _state.State;
        await _audit.RecordAsync(_clock, caller, AuditCategory.Access, "consultation.headline", ObjectType, Id.ToString());
        var readUpTo = s.ReadUpTo.TryGetValue(caller.PractitionerId!.Value, out var read) ? read.Sequence : 0;
        var unread = false;
        if (s.LastSequence > readUpTo)
        {
            // Only what others wrote is news: the caller's own last message is not.
            var last = await _items.ReadAsync(Id, s.LastSequence, 1);
            unread = last is [{ Author: var author, DeletedAt: null }] && author != caller.PractitionerId;
        }

        return new ConsultationHeadline(Id, s.Status, role, ConsultationWorkflow.Available(s.Status, role), s.PatientIdentity, s.Question, unread);
    }

    /// <summary>
    /// The caller's part: the requester; the one who accepted; the required practitioner or a
    /// confirmed member of the required group (once the request is sent). Inactive accounts have none.
    /// </summary>
    private async Task<ConsultationRole> RoleOf(Caller caller)
    {
        if (caller.PractitionerId is not { } id || _state.State.Requester is null)
        {
            return ConsultationRole.None;
        }

        // The account's standing and, when the caller can only be a participant through the required group, its
        // membership are asked at once: the grain waits for one round of calls, not two, on every write and read.
        var standing = GrainFactory.Grain<IPractitionerGrain>(id).GetStanding();
        var throughGroup = id != _state.State.Requester && id != _state.State.AcceptedBy && id != _state.State.RequiredPractitioner && WasSent
            && _state.State.RequiredGroup is { } group
            ? GrainFactory.Grain<IGroupGrain>(group).IsConfirmedMember(new PractitionerId(id))
            : null;
        if (await standing is { Status: not AccountStatus.Active } or { IsOperator: true })
        {
            return ConsultationRole.None; // inactive accounts and the platform's operators read no health data
        }

        if (id == _state.State.Requester)
        {
            return ConsultationRole.Requester;
        }

        if (!WasSent)
        {
            return ConsultationRole.None; // a draft (or a draft cancelled) is the requester's alone
        }

        if (id == _state.State.AcceptedBy)
        {
            return ConsultationRole.Accepter;
        }

        var required = id == _state.State.RequiredPractitioner || (throughGroup is not null && await throughGroup);
        return required ? ConsultationRole.Required : ConsultationRole.None;
    }

    private async Task<ConsultationRole> RequireParticipant(Caller caller, string action)
    {
        RequireCreated();
        var role = await RoleOf(caller);
        if (role == ConsultationRole.None)
        {
            // Refusals are traced: the audit viewer lists them, and repeated ones are unusual.
            await _audit.RecordAsync(_clock, caller, AuditCategory.Access, "consultation.access", ObjectType, Id.ToString(), AuditOutcome.Refused);
            throw AccessRules.Forbidden(action);
        }

        RequireNotDestroyed();
        return role;
    }

    // Writing needs a participant and a consultation not yet finished.
    private async Task RequireOpenTo(Caller caller, string action)
    {
        await RequireParticipant(caller, action);
        RequireOpen();
    }

    private void RequireOpen()
    {
        RequireNotDestroyed();
        if (ConsultationWorkflow.IsFinal(_state.State.Status))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A {_state.State.Status} consultation takes no more messages.");
        }
    }

    private void RequireCreated()
    {
        if (_state.State.Requester is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Consultation {Id} does not exist.");
        }
    }
}
