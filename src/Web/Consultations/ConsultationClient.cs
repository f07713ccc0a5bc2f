using System.Security.Cryptography;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Web.Conversations;

namespace Collab.Web.Consultations;

/// <summary>
/// A practitioner's side of the crypto boundary for consultations: the conversation (<see cref="ConversationClient"/>)
/// and the request's own fields — patient, question, description, opinion, reasons — encrypted under the first
/// epoch's key before a grain sees them.
/// </summary>
public sealed class ConsultationClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, Func<bool>? sessionAlive = null)
    : ConversationClient(grains, me, unlock, caller, sessionAlive)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates a draft: a fresh epoch key encrypts the fields and is sealed to the requester and the addressee.</summary>
    public async Task<Guid> CreateDraftAsync(RequestInput input, Guid? consultationId = null)
    {
        EnsureSession();
        if (input.PatientOpposes)
        {
            RequireReason(input.OppositionReason, "oppositionReason");
        }

        var id = consultationId ?? Guid.NewGuid();
        var key = EpochKeys.New();
        var seal = await SealAsync(key, [Me, .. input.RequiredPractitioner is { } p ? new[] { p } : []], input.RequiredGroup);
        await Grain(id).CreateDraft(
            new ConsultationDraft(
                input.RequiredPractitioner, input.RequiredGroup,
                Field(id, key, input.Patient, ConsultationFields.Patient), Field(id, key, input.Question, ConsultationFields.Question),
                Field(id, key, input.Description, ConsultationFields.Description),
                input.PatientOpposes, input.PatientOpposes ? Field(id, key, input.OppositionReason!.Trim(), ConsultationFields.OppositionReason) : null,
                input.ConsentToShare, seal),
            Caller);
        Remember(id, 1, key);
        return id;
    }

    /// <summary>The consultation with its health fields decrypted.</summary>
    public async Task<OpenConsultation> OpenAsync(Guid id)
    {
        EnsureSession();
        var view = await Grain(id).Get(Caller);
        var key = await EpochKeyAsync(id, 1);
        T Open<T>(byte[] envelope, int sequence) => OpenField<T>(id, key, envelope, sequence);
        if (view.LegacyReason is not null || view.LegacyOppositionReason is not null)
        {
            // Written in clear before reasons were encrypted: whoever reads it first seals it.
            await Grain(id).SealLegacyText(
                view.LegacyReason is { } legacy ? Field(id, key, legacy, ConsultationFields.Reason) : null,
                view.LegacyOppositionReason is { } legacyOpposition ? Field(id, key, legacyOpposition, ConsultationFields.OppositionReason) : null,
                Caller);
        }

        return new OpenConsultation(
            view, Open<PatientIdentity>(view.PatientIdentity, ConsultationFields.Patient), Open<string>(view.Question, ConsultationFields.Question),
            Open<string>(view.Description, ConsultationFields.Description),
            view.Opinion is { } opinion ? Open<string>(opinion, ConsultationFields.Opinion) : null)
        {
            PreviousPatients = (view.PreviousPatientIdentities ?? []).Select(p => Open<PatientIdentity>(p, ConsultationFields.Patient)).ToList(),
            Reason = view.Reason is { } reason ? Open<string>(reason, ConsultationFields.Reason) : view.LegacyReason,
            OppositionReason = view.OppositionReason is { } opposition ? Open<string>(opposition, ConsultationFields.OppositionReason) : view.LegacyOppositionReason,
        };
    }

    /// <summary>The headlines of <paramref name="ids"/> with patient and question opened, for the rows a page shows (refused ones left out).</summary>
    public async Task<IReadOnlyList<OpenHeadline>> HeadlinesAsync(IEnumerable<Guid> ids)
    {
        EnsureSession();
        var opened = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                var headline = await Grain(id).Headline(Caller);
                var key = await EpochKeyAsync(id, 1);
                T Open<T>(byte[] envelope, int sequence) => OpenField<T>(id, key, envelope, sequence);
                return new OpenHeadline(headline, Open<PatientIdentity>(headline.PatientIdentity, ConsultationFields.Patient), Open<string>(headline.Question, ConsultationFields.Question));
            }
            catch (Exception e) when (e is DomainException or CryptographicException)
            {
                return null; // left the group, or erased meanwhile: the row shows without its patient
            }
        }));
        return opened.OfType<OpenHeadline>().ToList();
    }

    /// <summary>Replaces the patient identity with <paramref name="corrected"/>, encrypted like the first.</summary>
    public async Task RectifyPatientAsync(Guid id, PatientIdentity corrected)
    {
        EnsureSession();
        var key = await EpochKeyAsync(id, 1);
        await Grain(id).RectifyPatient(Field(id, key, corrected, ConsultationFields.Patient), Caller);
    }

    /// <summary>Records the patient's opposition (its reason encrypted like the question), or lifts it.</summary>
    public async Task SetOppositionAsync(Guid id, bool opposes, string? reason)
    {
        EnsureSession();
        byte[]? sealedReason = null;
        if (opposes)
        {
            RequireReason(reason, "oppositionReason");
            sealedReason = Field(id, await EpochKeyAsync(id, 1), reason!.Trim(), ConsultationFields.OppositionReason);
        }

        await Grain(id).SetOpposition(opposes, sealedReason, Caller);
    }

    /// <summary>
    /// Takes an action on the request. What it carries is encrypted here: the opinion, the reason of a decline
    /// or cancellation; an acceptance hands the accepter their own copy of each epoch key (they keep the case).
    /// </summary>
    public async Task ActAsync(Guid id, ConsultationAction action, string? reason = null, string? opinion = null, string? actCode = null)
    {
        EnsureSession();
        switch (action)
        {
            case ConsultationAction.Answer:
                await AnswerAsync(id, opinion ?? "", actCode);
                return;
            case ConsultationAction.Decline or ConsultationAction.Cancel:
                RequireReason(reason, "reason");
                var sealedReason = Field(id, await EpochKeyAsync(id, 1), reason!.Trim(), ConsultationFields.Reason);
                await Grain(id).Act(action, new ConsultationActionInput(Reason: sealedReason), Caller);
                return;
            case ConsultationAction.Accept:
                await AcceptAsync(id);
                return;
            default:
                await Grain(id).Act(action, new(), Caller);
                return;
        }
    }

    /// <summary>Gives the opinion (encrypted like the request's fields) with an optional act code.</summary>
    public async Task AnswerAsync(Guid id, string opinion, string? actCode)
    {
        EnsureSession();
        TextLimits.Require("opinion", opinion, TextLimits.Opinion);

        var key = await EpochKeyAsync(id, 1);
        await Grain(id).Act(ConsultationAction.Answer,
            new ConsultationActionInput(Opinion: Field(id, key, opinion.Trim(), ConsultationFields.Opinion), ActCode: string.IsNullOrWhiteSpace(actCode) ? null : actCode.Trim().ToUpperInvariant()),
            Caller);
    }

    /// <summary>Checks the Caller may read the consultation (a refusal is traced by the grain).</summary>
    public Task<ConsultationView> ViewAsync(Guid id) => Grain(id).Get(Caller);

    /// <summary>Sets how long the consultation is kept after it ends (the required party).</summary>
    public Task SetRetentionAsync(Guid id, Contracts.Retention.RetentionPolicy policy) => Grain(id).SetRetention(policy, Caller);

    /// <summary>Marks the answered act billed (the one who answered).</summary>
    public Task MarkBilledAsync(Guid id) => Grain(id).MarkBilled(Caller);


    /// <summary>A patient's erasure request on one consultation (destroyed where nobody else needs it, otherwise kept and why).</summary>
    public Task<ErasureOutcome> EraseAsync(Guid id) => Grain(id).Erase(Caller);

    /// <summary>One box of the Caller's inbox (parties, status, dates: no health data).</summary>
    public Task<IReadOnlyList<InboxEntry>> InboxAsync(InboxBox box, ConsultationStatus? status = null) =>
        Grains.Grain<IInboxGrain>(Me.Value).List(box, status, Caller);

    /// <summary>Every consultation of the Caller's inbox, whatever the box.</summary>
    public Task<IReadOnlyList<InboxEntry>> AllAsync() => Grains.Grain<IInboxGrain>(Me.Value).ListAll(Caller);

    /// <summary>
    /// Accepts a request: each epoch key the accepter can open only through the group is sealed to them too, so
    /// the case stays theirs if they leave the group (docs/security.md). Retried when an epoch began meanwhile.
    /// </summary>
    private async Task AcceptAsync(Guid id)
    {
        for (var attempt = 1; ; attempt++)
        {
            var seals = new Dictionary<int, byte[]>();
            foreach (var epoch in (await Grain(id).GetEpochSeals(Caller)).Where(e => e.SealedToReader is null))
            {
                var key = await EpochKeyAsync(id, epoch.Epoch);
                using var keys = Unlock();
                seals[epoch.Epoch] = KeySealing.Seal(key, keys.PublicKey);
            }

            try
            {
                await Grain(id).Act(ConsultationAction.Accept, new ConsultationActionInput(AccepterSeals: seals), Caller);
                return;
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Stale && attempt < 3)
            {
            }
        }
    }

    private static void RequireReason(string? reason, string field)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > ConsultationGrain.MaxReasonLength)
        {
            throw DomainException.Invalid([new(field, $"is required, at most {ConsultationGrain.MaxReasonLength} characters")]);
        }
    }

    private static byte[] Field<T>(Guid id, byte[] key, T value, int sequence) =>
        ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(value, Json), key, new ContentPosition(id, 1, sequence));

    // What Field sealed, opened: a health field of the first epoch at its fixed position.
    private static T OpenField<T>(Guid id, byte[] key, byte[] envelope, int sequence) =>
        JsonSerializer.Deserialize<T>(ContentCipher.Decrypt(envelope, key, new ContentPosition(id, 1, sequence)), Json)!;

    public override IConversationGrain Conversation(Guid id) => Grain(id);

    private IConsultationGrain Grain(Guid id) => Grains.Grain<IConsultationGrain>(id);
}
