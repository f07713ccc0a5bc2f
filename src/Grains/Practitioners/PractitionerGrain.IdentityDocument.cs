using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;

namespace Collab.Grains.Practitioners;

/// <summary>
/// The identity document of a pending account (part of <see cref="IPractitionerStandingGrain"/>): its file key sealed to
/// the structure's recovery key and to every operator, so that exactly those who may validate the account can read it;
/// destroyed with the decision.
/// </summary>
public sealed partial class PractitionerGrain
{
    public async Task<IReadOnlyList<SealRecipient>> GetIdentityDocumentRecipients(Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "send another practitioner's identity document");
        return await DocumentRecipientsAsync(RequirePending("send an identity document"));
    }

    public async Task AttachIdentityDocument(IdentityDocument document, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "send another practitioner's identity document");
        var profile = RequirePending("send an identity document");
        if (document.Length <= 0 || string.IsNullOrWhiteSpace(document.ContentType) || document.SealedKeys.Values.Any(k => !KeyMaterialRules.IsSealedKey(k)))
        {
            throw DomainException.Invalid([new("document", "must be a stored file with its key sealed to each reader")]);
        }

        var expected = (await DocumentRecipientsAsync(profile)).Select(r => r.Name).Order().ToList();
        if (!document.SealedKeys.Keys.Order().SequenceEqual(expected))
        {
            throw new DomainException(DomainErrorCode.Conflict, "Who may read the document changed while it was sent: send it again.");
        }

        var replaced = _state.State.IdentityDocument;
        _state.State.IdentityDocument = document;
        _state.State.IdentityDocumentUploadedAt = _clock.GetUtcNow();
        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, caller, AuditCategory.Functional, "practitioner.identity-document.attach", ObjectType, Id.ToString(),
            detail: JsonSerializer.Serialize(new { document.ContentType, document.Length, readers = expected.Count, replaced = replaced is not null })), _logger);
        if (replaced is not null && replaced.Owner != document.Owner)
        {
            await _shredder.ShredAsync(replaced.Owner);
        }
    }

    public async Task<IdentityDocumentKey?> OpenIdentityDocument(Caller caller)
    {
        var profile = Profile;
        await AccessRules.RequireAdministrator(GrainFactory, caller, profile.Structure, "read a pending account's identity document");
        if (_state.State.IdentityDocument is not { } document)
        {
            return null;
        }

        var reader = new PractitionerId(caller.PractitionerId ?? throw AccessRules.Forbidden("read an identity document without a key"));
        IdentityDocumentKey key;
        if (document.SealedKeys.GetValueOrDefault(SealRecipient.Operator(reader)) is { } operatorCopy)
        {
            key = new IdentityDocumentKey(document.Owner, document.FileId, document.ContentType, document.Length, operatorCopy);
        }
        else if (profile.Structure is { } s && document.SealedKeys.GetValueOrDefault(SealRecipient.Structure(s)) is { } structureCopy
            && GrainFactory.Grain<IStructureGrain>(s) is var structure
            && await structure.GetRecoveryKey(reader, caller) is { } sealedRecovery)
        {
            key = new IdentityDocumentKey(document.Owner, document.FileId, document.ContentType, document.Length, structureCopy,
                sealedRecovery, (await structure.Get())!.RecoveryPublicKey);
        }
        else
        {
            throw new DomainException(DomainErrorCode.Forbidden,
                "The document was not sealed to you: an administrator who holds the structure's recovery key, or an operator, can open it.");
        }

        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, caller, AuditCategory.Access, "practitioner.identity-document.read", ObjectType, Id.ToString()), _logger);
        return key;
    }

    private IdentityDocumentInfo? IdentityDocumentInfo =>
        _state.State.IdentityDocument is { } d ? new(d.ContentType, d.Length, _state.State.IdentityDocumentUploadedAt ?? default) : null;

    private PractitionerProfile RequirePending(string action) =>
        Profile is { Status: AccountStatus.Pending } profile
            ? profile
            : throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} is {Profile.Status}: cannot {action}.");

    private async Task<IReadOnlyList<SealRecipient>> DocumentRecipientsAsync(PractitionerProfile profile)
    {
        var recipients = new List<SealRecipient>();
        if (profile.Structure is { } s && (await GrainFactory.Grain<IStructureGrain>(s).Get())?.RecoveryPublicKey is { } recovery)
        {
            recipients.Add(new SealRecipient(SealRecipient.Structure(s), recovery));
        }

        recipients.AddRange(await GrainFactory.Grain<IOperatorsGrain>(0).Keys());
        if (recipients.Count == 0)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Nobody can read an identity document yet (no operator, no structure recovery key).");
        }

        return recipients;
    }

    /// <summary>How long an undecided account's identity document is kept.</summary>
    public static readonly TimeSpan IdentityDocumentRetention = TimeSpan.FromDays(90);

    // Nobody decided within the retention: the document goes all the same (the daily reminder).
    private async Task ExpireIdentityDocumentAsync()
    {
        if (_state.State.IdentityDocumentUploadedAt is { } at && _clock.GetUtcNow() >= at + IdentityDocumentRetention)
        {
            var document = TakeIdentityDocument();
            await _state.WriteAuditedAsync(_audit, Event(Caller.System("retention"), "practitioner.identity-document.expire"), _logger);
            await ShredAsync(document);
        }
    }

    // With the decision the document goes: its keys leave the state first (crypto-shredding), then its ciphertext.
    private IdentityDocument? TakeIdentityDocument()
    {
        var document = _state.State.IdentityDocument;
        _state.State.IdentityDocument = null;
        _state.State.IdentityDocumentUploadedAt = null;
        return document;
    }

    private async Task ShredAsync(IdentityDocument? document)
    {
        if (document is not null)
        {
            await _shredder.ShredAsync(document.Owner);
        }
    }
}
