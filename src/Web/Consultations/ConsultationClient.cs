using System.Security.Cryptography;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Web.Groups;

namespace Collab.Web.Consultations;

/// <summary>
/// A practitioner's side of the crypto boundary for consultations: encrypts what they write before a
/// grain sees it, opens epoch keys with their own key pair, decrypts what they read. One per user
/// and view (a SignalR connection, a Blazor circuit); it caches the epoch keys it opened, and
/// unlocks the user's private key only for the moment it needs it. Once the session behind it ends
/// (<paramref name="sessionAlive"/> false: logout, suspension, password reset, on any node), it
/// forgets those keys and neither decrypts nor encrypts anything more.
/// </summary>
public sealed class ConsultationClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, Func<bool>? sessionAlive = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<(Guid Consultation, int Epoch), byte[]> _epochKeys = [];
    private readonly Dictionary<Guid, (int Epoch, byte[] Key)> _current = [];
    private readonly Lock _gate = new();

    public PractitionerId Me => me;

    public Caller Caller => caller;

    /// <summary>Whether the session behind this client still lives (false once it ended anywhere).</summary>
    public bool SessionAlive => sessionAlive?.Invoke() ?? true;

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
        var seal = await SealAsync(key, [me, .. input.RequiredPractitioner is { } p ? new[] { p } : []], input.RequiredGroup);
        await Grain(id).CreateDraft(
            new ConsultationDraft(
                input.RequiredPractitioner, input.RequiredGroup,
                Field(id, key, input.Patient, ConsultationFields.Patient), Field(id, key, input.Question, ConsultationFields.Question),
                Field(id, key, input.Description, ConsultationFields.Description),
                input.PatientOpposes, input.PatientOpposes ? Field(id, key, input.OppositionReason!.Trim(), ConsultationFields.OppositionReason) : null,
                input.ConsentToShare, seal),
            caller);
        Remember(id, 1, key);
        return id;
    }

    /// <summary>The consultation with its health fields decrypted.</summary>
    public async Task<OpenConsultation> OpenAsync(Guid id)
    {
        EnsureSession();
        var view = await Grain(id).Get(caller);
        var key = await EpochKeyAsync(id, 1);
        T Open<T>(byte[] envelope, int sequence) => OpenField<T>(id, key, envelope, sequence);
        if (view.LegacyReason is not null || view.LegacyOppositionReason is not null)
        {
            // Written in clear before reasons were encrypted: whoever reads it first seals it.
            await Grain(id).SealLegacyText(
                view.LegacyReason is { } legacy ? Field(id, key, legacy, ConsultationFields.Reason) : null,
                view.LegacyOppositionReason is { } legacyOpposition ? Field(id, key, legacyOpposition, ConsultationFields.OppositionReason) : null,
                caller);
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
                var headline = await Grain(id).Headline(caller);
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
        await Grain(id).RectifyPatient(Field(id, key, corrected, ConsultationFields.Patient), caller);
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

        await Grain(id).SetOpposition(opposes, sealedReason, caller);
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
                await Grain(id).Act(action, new ConsultationActionInput(Reason: sealedReason), caller);
                return;
            case ConsultationAction.Accept:
                await AcceptAsync(id);
                return;
            default:
                await Grain(id).Act(action, new(), caller);
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
            caller);
    }

    /// <summary>
    /// Posts an item and returns the place the grain gave it. The item is encrypted once, bound to the
    /// consultation, the current epoch, the caller, <paramref name="clientId"/> and <paramref name="seen"/> (the last
    /// sequence the sender's view held): other senders never make it fail. When the group's keys changed, a
    /// new epoch is started and the item encrypted again. A lost connection to the cluster (a silo restarting)
    /// is retried for up to ~6 s with the same <paramref name="clientId"/>, which the grain stores once.
    /// </summary>
    public async Task<long> PostAsync(Guid id, ItemBody body, Guid clientId, long seen)
    {
        EnsureSession();
        if (body.Kind == ItemBody.TextKind)
        {
            TextLimits.Require("text", body.Text, TextLimits.Message);
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var grain = Grain(id);
        var renewals = 0;
        var renew = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (epoch, key) = await CurrentEpochAsync(id, renew);
                EnsureSession();
                return await grain.Post(epoch, MessageCipher.Encrypt(plaintext, key, new MessageBinding(id, epoch, me.Value, clientId, seen)), clientId, caller);
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Stale && ++renewals < 5)
            {
                renew = true; // the keys changed: start a new epoch
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && attempt < 8)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt)); // the cluster is not reachable right now
            }
        }
    }

    /// <summary>Checks the caller may read the consultation (a refusal is traced by the grain).</summary>
    public Task<ConsultationView> ViewAsync(Guid id) => Grain(id).Get(caller);

    /// <summary>Deletes one of the caller's own messages (its ciphertext is erased, a tombstone keeps its place).</summary>
    public Task DeleteAsync(Guid id, long sequence) => Grain(id).Delete(sequence, caller);

    /// <summary>Records that the caller has read up to <paramref name="sequence"/>.</summary>
    public Task MarkReadAsync(Guid id, long sequence) => Grain(id).MarkRead(sequence, caller);

    /// <summary>Tells the other viewers the caller is typing, or opened (<paramref name="present"/>) or left the page.</summary>
    public Task SignalAsync(Guid id, ConsultationEventKind kind, bool present = true) => Grain(id).Signal(kind, present, caller);

    /// <summary>Sets how long the consultation is kept after it ends (the required party).</summary>
    public Task SetRetentionAsync(Guid id, Contracts.Retention.RetentionPolicy policy) => Grain(id).SetRetention(policy, caller);

    /// <summary>Marks the answered act billed (the one who answered).</summary>
    public Task MarkBilledAsync(Guid id) => Grain(id).MarkBilled(caller);

    /// <summary>Records a download of the report, a file or an export (an audited access).</summary>
    public Task RecordDownloadAsync(Guid id, DownloadKind kind) => Grain(id).RecordDownload(kind, caller);

    /// <summary>A patient's erasure request on one consultation (destroyed where nobody else needs it, otherwise kept and why).</summary>
    public Task<ErasureOutcome> EraseAsync(Guid id) => Grain(id).Erase(caller);

    /// <summary>One box of the caller's inbox (parties, status, dates: no health data).</summary>
    public Task<IReadOnlyList<InboxEntry>> InboxAsync(InboxBox box, ConsultationStatus? status = null) =>
        grains.GetGrain<IInboxGrain>(me.Value).List(box, status, caller);

    /// <summary>Every consultation of the caller's inbox, whatever the box.</summary>
    public Task<IReadOnlyList<InboxEntry>> AllAsync() => grains.GetGrain<IInboxGrain>(me.Value).ListAll(caller);

    /// <summary>Items from <paramref name="fromSequence"/> on, decrypted.</summary>
    public async Task<IReadOnlyList<OpenItem>> ReadAsync(Guid id, long fromSequence, int limit = ConsultationGrain.MaxReadLimit)
    {
        EnsureSession();
        var items = await Grain(id).Read(fromSequence, limit, caller);
        var opened = new List<OpenItem>(items.Count);
        var clientIds = new HashSet<Guid>();
        foreach (var item in items)
        {
            // A message's client id is bound inside it: a second item with the same one is a copy.
            if (MessageCipher.IsMessage(item.Ciphertext) && !clientIds.Add(MessageCipher.ReadClear(item.Ciphertext).ClientId))
            {
                throw new CryptoException(CryptoFailure.Tampered, $"The message at {item.Sequence} is a copy of an earlier one.");
            }

            opened.Add(await OpenItemAsync(id, item));
        }

        return opened;
    }

    /// <summary>
    /// Decrypts one item (deleted items come back without a body) with the epoch key this user opened. Given
    /// <paramref name="shared"/> (a live event the node's viewers share), the decryption goes through it: it hands back
    /// the item another viewer already opened with the same key, or decrypts.
    /// </summary>
    public async Task<OpenItem> OpenItemAsync(Guid id, EncryptedItem item, Func<byte[], Func<byte[], OpenItem>, OpenItem>? shared = null)
    {
        EnsureSession();
        if (item.DeletedAt is not null || item.Ciphertext.Length == 0)
        {
            return new OpenItem(item.Sequence, item.Author, item.PostedAt, null, item.DeletedAt);
        }

        var key = await EpochKeyAsync(id, item.Epoch);
        return shared is null ? Decrypt(key) : shared(key, Decrypt);

        OpenItem Decrypt(byte[] key)
        {
            // Messages are bound to their author (the grain gave their place); items written before that, to their position.
            var plaintext = MessageCipher.IsMessage(item.Ciphertext)
                ? MessageCipher.Decrypt(item.Ciphertext, key, id, item.Epoch, item.Author?.Value ?? Guid.Empty, item.Sequence)
                : ContentCipher.Decrypt(item.Ciphertext, key, new ContentPosition(id, item.Epoch, item.Sequence));
            var body = JsonSerializer.Deserialize<ItemBody>(plaintext, Json)!;
            return new OpenItem(item.Sequence, item.Author, item.PostedAt, body, null);
        }
    }

    /// <summary>Encrypts a file into the store and returns the body of the item that points to it (with the file key).</summary>
    public static async Task<ItemBody> StoreFileAsync(IAttachmentStore store, Guid id, Stream content, string name, string contentType, long size, CancellationToken cancellationToken = default)
    {
        var fileId = Guid.NewGuid();
        var fileKey = RandomNumberGenerator.GetBytes(Envelope.KeyBytes);
        var pipe = new System.IO.Pipelines.Pipe();
        var encrypt = Task.Run(async () =>
        {
            await using var writer = pipe.Writer.AsStream();
            await AttachmentCipher.EncryptAsync(content, writer, fileKey, fileId, cancellationToken);
        }, cancellationToken);
        await using (var reader = pipe.Reader.AsStream())
        {
            await store.WriteAsync(id, fileId, reader, cancellationToken);
        }

        await encrypt;
        return ItemBody.File(fileId, name, contentType, size, fileKey);
    }

    /// <summary>Decrypts a stored file into <paramref name="destination"/> (verified chunk by chunk; the caller discards it on failure).</summary>
    public static async Task<bool> ReadFileAsync(IAttachmentStore store, Guid id, ItemBody file, Stream destination, CancellationToken cancellationToken = default)
    {
        using var ciphertext = new MemoryStream();
        if (!await store.ReadAsync(id, file.FileId!.Value, ciphertext, cancellationToken))
        {
            return false;
        }

        ciphertext.Position = 0;
        await AttachmentCipher.DecryptAsync(ciphertext, destination, file.FileKey!, file.FileId.Value, cancellationToken);
        return true;
    }

    /// <summary>The epoch key, from the cache or opened with the user's key pair (their own seal, or the group's).</summary>
    public async Task<byte[]> EpochKeyAsync(Guid id, int epoch)
    {
        lock (_gate)
        {
            if (_epochKeys.TryGetValue((id, epoch), out var cached))
            {
                return cached;
            }
        }

        var seals = await Grain(id).GetEpochSeals(caller);
        var seal = seals.SingleOrDefault(s => s.Epoch == epoch) ?? throw new DomainException(DomainErrorCode.NotFound, $"No epoch {epoch}.");
        byte[] key;
        using (var keys = unlock())
        {
            if (seal.SealedToReader is not null)
            {
                key = EpochKeys.Open(seal.SealedToReader, keys);
            }
            else if (seal.Group is { } group && seal.SealedToGroup is not null)
            {
                var ring = (await grains.GetGrain<IGroupGrain>(group).GetKeyRing(me)).HeldBy(me.Value);
                var version = ring.SingleOrDefault(v => v.Version == seal.GroupVersion)
                    ?? throw new CryptoException(CryptoFailure.NotARecipient, "This epoch was sealed to a group key version you do not hold.");
                key = EpochKeys.OpenThroughGroup(seal.SealedToGroup, version, me.Value, keys);
            }
            else
            {
                throw new CryptoException(CryptoFailure.NotARecipient, "This epoch was not sealed to you.");
            }
        }

        Remember(id, epoch, key);
        return key;
    }

    /// <summary>
    /// Accepts a request: each epoch key the accepter can open only through the group is sealed to them too, so
    /// the case stays theirs if they leave the group (docs/security.md). Retried when an epoch began meanwhile.
    /// </summary>
    private async Task AcceptAsync(Guid id)
    {
        for (var attempt = 1; ; attempt++)
        {
            var seals = new Dictionary<int, byte[]>();
            foreach (var epoch in (await Grain(id).GetEpochSeals(caller)).Where(e => e.SealedToReader is null))
            {
                var key = await EpochKeyAsync(id, epoch.Epoch);
                using var keys = unlock();
                seals[epoch.Epoch] = KeySealing.Seal(key, keys.PublicKey);
            }

            try
            {
                await Grain(id).Act(ConsultationAction.Accept, new ConsultationActionInput(AccepterSeals: seals), caller);
                return;
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Stale && attempt < 3)
            {
            }
        }
    }

    /// <summary>The session behind this client is over: drop every key it opened (nothing is decrypted or encrypted any more).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            foreach (var key in _epochKeys.Values)
            {
                CryptographicOperations.ZeroMemory(key);
            }

            _epochKeys.Clear();
            _current.Clear();
        }
    }

    // Cached epoch keys would otherwise outlive the session: every use asks first.
    private void EnsureSession()
    {
        if (sessionAlive is not null && !sessionAlive())
        {
            Forget();
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
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

    private async Task<(int Epoch, byte[] Key)> CurrentEpochAsync(Guid id, bool renew)
    {
        lock (_gate)
        {
            if (!renew && _current.TryGetValue(id, out var known))
            {
                return known;
            }
        }

        var found = await FindCurrentEpochAsync(id, renew);
        lock (_gate)
        {
            _current[id] = found;
        }

        return found;
    }

    private async Task<(int Epoch, byte[] Key)> FindCurrentEpochAsync(Guid id, bool renew)
    {
        var seals = await Grain(id).GetEpochSeals(caller);
        var last = seals[^1];
        var stale = last.Group is { } group && await grains.GetGrain<IGroupGrain>(group).GetCurrentVersion() != last.GroupVersion;
        if (!stale)
        {
            try
            {
                return (last.Epoch, await EpochKeyAsync(id, last.Epoch));
            }
            catch (CryptoException)
            {
                // Not sealed to us (we joined the group later, say): start an epoch we can use.
            }
        }

        var view = await Grain(id).Get(caller);
        var key = EpochKeys.New();
        PractitionerId[] people = [view.Requester, .. view.RequiredPractitioner is { } p ? new[] { p } : [], .. view.AcceptedBy is { } a ? new[] { a } : [], me];
        var epoch = await Grain(id).StartEpoch(await SealAsync(key, people.Distinct(), view.RequiredGroup), caller);
        Remember(id, epoch, key);
        return (epoch, key);
    }

    private async Task<EpochSeal> SealAsync(byte[] key, IEnumerable<PractitionerId> people, Guid? group)
    {
        var sealedTo = new Dictionary<Guid, byte[]>();
        foreach (var person in people)
        {
            var publicKey = await grains.GetGrain<IPractitionerKeysGrain>(person.Value).GetPublicKey();
            sealedTo[person.Value] = KeySealing.Seal(key, publicKey);
        }

        if (group is not { } groupId)
        {
            return new EpochSeal(sealedTo, null, 0, null);
        }

        var ring = await grains.GetGrain<IGroupGrain>(groupId).GetKeyRing(me);
        var current = ring.Versions.Single(v => v.Version == ring.CurrentVersion);
        return new EpochSeal(sealedTo, groupId, current.Version, KeySealing.Seal(key, current.PublicKey));
    }

    private void Remember(Guid id, int epoch, byte[] key)
    {
        lock (_gate)
        {
            _epochKeys[(id, epoch)] = key;
        }
    }

    private IConsultationGrain Grain(Guid id) => grains.GetGrain<IConsultationGrain>(id);
}
