using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Retention;

namespace Collab.Grains.Consultations;

/// <summary>
/// Retention: the clock starts when the consultation ends (closed, declined or cancelled); the
/// requester is warned 7 days before; at the end the content is crypto-shredded — sealed epoch keys
/// and encrypted fields out of the state, ciphertext rows, attachments and index row out of the
/// database — and a signed deletion certificate goes to the audit trail. Participants then get
/// <see cref="DomainErrorCode.Gone"/>: the tombstone.
/// </summary>
public sealed partial class ConsultationGrain
{
    public async Task SetRetention(RetentionPolicy policy, Caller caller)
    {
        if (await RequireParticipant(caller, "set this consultation's retention") == ConsultationRole.Requester)
        {
            throw AccessRules.Forbidden("set this consultation's retention (the required party sets it)");
        }

        if (policy.Problems("retention", keepAllowed: false) is { Count: > 0 } problems)
        {
            throw DomainException.Invalid(problems);
        }

        _state.State.RetentionOverride = policy;
        if (ConsultationWorkflow.IsFinal(_state.State.Status))
        {
            await RetentionTimer.StartAsync(this, _state.State.Retention, policy, EndedAt);
        }

        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, "retention.set"), _logger);
        await IndexAsync(); // the deletion date the inboxes show
    }

    // The consultation's own, else the required group's, else the required party's structure's, else the platform's.
    private async Task<RetentionPolicy> EffectiveRetention()
    {
        if (_state.State.RetentionOverride is { } own)
        {
            return own;
        }

        Guid? structure;
        if (_state.State.RequiredGroup is { } group)
        {
            var groupGrain = GrainFactory.Grain<IGroupGrain>(group);
            if (await groupGrain.GetRetention() is { } groupPolicy)
            {
                return groupPolicy;
            }

            structure = (await groupGrain.GetInfo()).Structure;
        }
        else
        {
            structure = (await GrainFactory.Grain<IPractitionerGrain>(_state.State.RequiredPractitioner!.Value).GetStanding()).Structure;
        }

        return structure is { } s && await GrainFactory.Grain<IStructureGrain>(s).GetRetention() is { } structurePolicy
            ? structurePolicy
            : RetentionPolicy.Consultation;
    }

    private DateTimeOffset EndedAt => _state.State.Timeline[_state.State.Status];

    private async Task RetentionTick()
    {
        var retention = _state.State.Retention;
        switch (RetentionTimer.Due(retention, _clock.GetUtcNow()))
        {
            case RetentionStep.Warn:
                retention.WarnedAt = _clock.GetUtcNow();
                await _state.WriteAuditedAsync(_audit, _conversation.Event(Caller.System("retention"), "retention.warn"), _logger);
                GrainFactory.Grain<IPractitionerGrain>(_state.State.Requester!.Value).Notify(ConsultationNotice.DeletionSoon, Id).Ignore();
                break;
            case RetentionStep.Destroy:
                var ended = $"retention: {retention.Policy!.Days} days after the consultation ended ({_state.State.Status}, {EndedAt:yyyy-MM-dd})";
                await Shred(ended, Caller.System("retention"));
                break;
            case RetentionStep.Finish:
                await _shredder.ShredAsync(Id);
                await RetentionTimer.StopAsync(this);
                break;
        }
    }

    // Counts, then commits the emptied state with its certificate (one write), then deletes the rows.
    // A crash after the commit leaves rows the next tick deletes (Finish); the certificate is never lost.
    private async Task<Guid> Shred(string reason, Caller caller)
    {
        var s = _state.State;
        var now = _clock.GetUtcNow();
        var keyIds = new List<string>();
        foreach (var epoch in s.Epochs)
        {
            keyIds.AddRange(epoch.SealedToParticipants.Select(p => DeletionCertificate.KeyId($"epoch{epoch.Epoch}:practitioner:{p.Key}", p.Value)));
            if (epoch.SealedToGroup is { } sealedToGroup)
            {
                keyIds.Add(DeletionCertificate.KeyId($"epoch{epoch.Epoch}:group:{epoch.Group}:v{epoch.GroupVersion}", sealedToGroup));
            }
        }

        var destroyed = new Dictionary<string, long>(await _shredder.CountAsync(Id))
        {
            ["sealedEpochKeys"] = keyIds.Count,
            ["encryptedFields"] = new[] { s.PatientIdentity, s.Question, s.Description, s.Opinion, s.ReasonSealed, s.OppositionReasonSealed }.Concat(s.PreviousPatientIdentities).Count(f => f is { Length: > 0 }),
        };
        var certificate = DeletionCertificate.Create(ObjectType, Id.ToString(), now, reason, destroyed, keyIds).Sign(_signer);

        s.PatientIdentity = [];
        s.PreviousPatientIdentities.Clear();
        s.Question = [];
        s.Description = [];
        s.Opinion = null;
        s.ReasonSealed = null;
        s.OppositionReasonSealed = null;
        s.LegacyReason = null;
        s.LegacyOppositionReason = null;
        s.Epochs.Clear();
        s.ReadUpTo.Clear();
        s.Retention.DestroyedAt = now;
        var record = AuditEvent.Of(_clock, caller, AuditCategory.Functional, "consultation.destroy", ObjectType, Id.ToString(), detail: certificate.ToJson());
        s.Retention.CertificateEventId = record.Id;
        await _state.WriteAuditedAsync(_audit, record, _logger);

        await _shredder.ShredAsync(Id);
        await RetentionTimer.StopAsync(this);
        Publish(new ConsultationEvent(Id, ConsultationEventKind.Status, s.LastSequence, null, now, Status: s.Status));
        return record.Id;
    }

    private void RequireNotDestroyed()
    {
        if (_state.State.Retention.DestroyedAt is { } at)
        {
            throw new DomainException(DomainErrorCode.Gone, $"Consultation {Id} was destroyed on {at:yyyy-MM-dd}; its deletion certificate is in the audit trail.");
        }
    }
}
