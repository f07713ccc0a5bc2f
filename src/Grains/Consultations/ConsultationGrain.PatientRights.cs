using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Grains.Audit;
using Collab.Grains.Retention;

namespace Collab.Grains.Consultations;

/// <summary>
/// Patients' rights exercised through a participant: rectification of the identity (the old one kept,
/// encrypted; the trace holds digests, never the identity), opposition, erasure (crypto-shredding where
/// nobody else still needs the consultation).
/// </summary>
public sealed partial class ConsultationGrain
{
    public async Task RectifyPatient(byte[] patientIdentity, Caller caller)
    {
        await RequireParticipant(caller, "rectify this consultation's patient identity");
        if (patientIdentity.Length is 0 or > MaxFieldBytes)
        {
            throw DomainException.Invalid([new("patientIdentity", "must be an encrypted envelope")]);
        }

        var s = _state.State;
        var previous = s.PatientIdentity;
        s.PreviousPatientIdentities.Add(previous);
        s.PatientIdentity = patientIdentity;
        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, caller, AuditCategory.Functional, "consultation.patient.rectify", ObjectType, Id.ToString(),
            detail: JsonSerializer.Serialize(new { previous = DeletionCertificate.Fingerprint(previous), current = DeletionCertificate.Fingerprint(patientIdentity), version = s.PreviousPatientIdentities.Count + 1 })), _logger);
    }

    public async Task SetOpposition(bool opposes, byte[]? reason, Caller caller)
    {
        await RequireParticipant(caller, "record the patient's opposition");
        if (opposes && !IsEncrypted(reason, ConsultationFields.MaxReasonBytes))
        {
            throw DomainException.Invalid([new("oppositionReason", "is required when the patient opposes electronic exchange, encrypted")]);
        }

        var s = _state.State;
        s.PatientOpposes = opposes;
        s.OppositionReasonSealed = opposes ? reason : null;
        s.LegacyOppositionReason = null;
        if (opposes)
        {
            s.ConsentToShare = false;
        }

        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, opposes ? "patient.oppose" : "patient.oppose.lift"), _logger);
    }

    public async Task SealLegacyText(byte[]? reason, byte[]? oppositionReason, Caller caller)
    {
        await RequireParticipant(caller, "seal this consultation's reasons");
        var s = _state.State;
        if ((reason is not null && !IsEncrypted(reason, ConsultationFields.MaxReasonBytes))
            || (oppositionReason is not null && !IsEncrypted(oppositionReason, ConsultationFields.MaxReasonBytes)))
        {
            throw DomainException.Invalid([new(reason is not null ? "reason" : "oppositionReason", "must be encrypted content")]);
        }

        if ((reason is null || s.LegacyReason is null) && (oppositionReason is null || s.LegacyOppositionReason is null))
        {
            return; // sealed already by another participant
        }

        if (reason is not null && s.LegacyReason is not null)
        {
            s.ReasonSealed = reason;
            s.LegacyReason = null;
        }

        if (oppositionReason is not null && s.LegacyOppositionReason is not null)
        {
            s.OppositionReasonSealed = oppositionReason;
            s.LegacyOppositionReason = null;
        }

        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, "legacy-text.seal"), _logger);
    }

    public async Task<ErasureOutcome> Erase(Caller caller)
    {
        await RequireParticipant(caller, "erase this consultation");
        var s = _state.State;
        (KeptReason? kept, string? keptBecause) = s.Status switch
        {
            ConsultationStatus.Draft => (null, null),
            ConsultationStatus.Declined or ConsultationStatus.Cancelled when s.Opinion is null => (null, null),
            ConsultationStatus.Requested or ConsultationStatus.Accepted =>
                (KeptReason.InProgress, "in progress: the required party is working on it; cancel the request first, then ask again"),
            _ => ((KeptReason?)KeptReason.Answered, "answered: the opinion is part of the care record of the requester and the required party; "
                + (s.Retention.DestroyAt is { } at ? $"it is destroyed at the end of its retention, on {at:yyyy-MM-dd}" : "it is destroyed at the end of its retention")),
        };
        var decision = AuditEvent.Of(_clock, caller, AuditCategory.Functional, "consultation.patient.erasure", ObjectType, Id.ToString(),
            detail: JsonSerializer.Serialize(new { erased = kept is null, kept = kept?.ToString(), keptBecause, status = s.Status.ToString() }));
        await _audit.RecordAsync([decision]);
        if (kept is not null)
        {
            return new ErasureOutcome(Id, false, keptBecause, null, kept, kept == KeptReason.Answered ? s.Retention.DestroyAt : null);
        }

        var certificate = await Shred($"patient's erasure request, through {caller.Actor} ({s.Status})", caller);
        return new ErasureOutcome(Id, true, null, certificate);
    }

    public async Task<ErasureOutcome> ForgetParticipant(Guid practitioner, Caller caller)
    {
        if (!caller.IsSystem)
        {
            throw Access.AccessRules.Forbidden("forget a participant");
        }

        RequireCreated();
        var s = _state.State;
        if (s.Retention.DestroyedAt is not null)
        {
            return new ErasureOutcome(Id, true, null, s.Retention.CertificateEventId);
        }

        if (s.Status == ConsultationStatus.Draft && s.Requester == practitioner)
        {
            return new ErasureOutcome(Id, true, null, await Shred("the requester deleted their account before sending it", caller));
        }

        foreach (var epoch in s.Epochs)
        {
            epoch.SealedToParticipants.Remove(practitioner);
        }

        s.ReadUpTo.Remove(practitioner);
        if (s.Epochs.All(e => e.SealedToParticipants.Count == 0 && e.SealedToGroup is null))
        {
            return new ErasureOutcome(Id, true, null, await Shred("no participant can read it any more (accounts deleted)", caller));
        }

        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, caller, AuditCategory.Functional, "consultation.participant.forget", ObjectType, Id.ToString(),
            detail: JsonSerializer.Serialize(new { practitioner })), _logger);
        return new ErasureOutcome(Id, false, "other participants still hold it", null, KeptReason.HeldByOthers);
    }
}
