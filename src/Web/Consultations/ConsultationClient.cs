using System.Security.Cryptography;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Grains.Crypto;

namespace Collab.Web.Consultations;

/// <summary>
/// A practitioner's side of the crypto boundary for consultations: encrypts what they write before a
/// grain sees it, opens epoch keys with their own key pair, decrypts what they read. One per user
/// and view (a SignalR connection, a Blazor circuit); it caches the epoch keys it opened, and
/// unlocks the user's private key only for the moment it needs it.
/// </summary>
public sealed class ConsultationClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<(Guid Consultation, int Epoch), byte[]> _epochKeys = [];
    private readonly Dictionary<Guid, (int Epoch, byte[] Key)> _current = [];
    private readonly Lock _gate = new();

    public PractitionerId Me => me;

    public Caller Caller => caller;

    /// <summary>Creates a draft: a fresh epoch key encrypts the fields and is sealed to the requester and the addressee.</summary>
    public async Task<Guid> CreateDraftAsync(RequestInput input, Guid? consultationId = null)
    {
        var id = consultationId ?? Guid.NewGuid();
        var key = EpochKeys.New();
        var seal = await SealAsync(key, [me, .. input.RequiredPractitioner is { } p ? new[] { p } : []], input.RequiredGroup);
        byte[] Field<T>(T value, int sequence) => ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(value, Json), key, new ContentPosition(id, 1, sequence));
        await Grain(id).CreateDraft(
            new ConsultationDraft(
                input.RequiredPractitioner, input.RequiredGroup,
                Field(input.Patient, -1), Field(input.Question, -2), Field(input.Description, -3),
                input.PatientOpposes, input.OppositionReason, input.ConsentToShare, seal),
            caller);
        Remember(id, 1, key);
        return id;
    }

    /// <summary>The consultation with its health fields decrypted.</summary>
    public async Task<OpenConsultation> OpenAsync(Guid id)
    {
        var view = await Grain(id).Get(caller);
        var key = await EpochKeyAsync(id, 1);
        T Field<T>(byte[] envelope, int sequence) => JsonSerializer.Deserialize<T>(ContentCipher.Decrypt(envelope, key, new ContentPosition(id, 1, sequence)), Json)!;
        return new OpenConsultation(
            view, Field<PatientIdentity>(view.PatientIdentity, -1), Field<string>(view.Question, -2), Field<string>(view.Description, -3),
            view.Opinion is { } opinion ? Field<string>(opinion, OpinionSequence) : null)
        {
            PreviousPatients = (view.PreviousPatientIdentities ?? []).Select(p => Field<PatientIdentity>(p, PatientSequence)).ToList(),
        };
    }

    /// <summary>Replaces the patient identity with <paramref name="corrected"/>, encrypted like the first.</summary>
    public async Task RectifyPatientAsync(Guid id, PatientIdentity corrected)
    {
        var key = await EpochKeyAsync(id, 1);
        var envelope = ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(corrected, Json), key, new ContentPosition(id, 1, PatientSequence));
        await Grain(id).RectifyPatient(envelope, caller);
    }

    /// <summary>Gives the opinion (encrypted like the request's fields) with an optional act code.</summary>
    public async Task AnswerAsync(Guid id, string opinion, string? actCode)
    {
        var key = await EpochKeyAsync(id, 1);
        var envelope = ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(opinion, Json), key, new ContentPosition(id, 1, OpinionSequence));
        await Grain(id).Act(ConsultationAction.Answer, new ConsultationActionInput(Opinion: envelope, ActCode: string.IsNullOrWhiteSpace(actCode) ? null : actCode.Trim().ToUpperInvariant()), caller);
    }

    /// <summary>
    /// Posts an item and returns its sequence. Encrypts for the next sequence of the current epoch;
    /// when another item took it, or the group's keys changed (a new epoch is then started), encrypts again.
    /// A lost connection to the cluster (a silo restarting) is retried for up to ~6 s with the same
    /// <paramref name="clientId"/>, which the grain stores once.
    /// </summary>
    public async Task<long> PostAsync(Guid id, ItemBody body, Guid clientId)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var grain = Grain(id);
        var conflicts = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (epoch, key) = await CurrentEpochAsync(id, renew: conflicts > 0);
                var sequence = await grain.NextSequence();
                return await grain.Post(epoch, sequence, ContentCipher.Encrypt(plaintext, key, new ContentPosition(id, epoch, sequence)), clientId, caller);
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Conflict && ++conflicts < 5 && !e.Message.Contains("takes no more", StringComparison.Ordinal))
            {
                // Taken sequence or changed keys: try again.
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && attempt < 8)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt)); // the cluster is not reachable right now
            }
        }
    }

    /// <summary>Items from <paramref name="fromSequence"/> on, decrypted.</summary>
    public async Task<IReadOnlyList<OpenItem>> ReadAsync(Guid id, long fromSequence, int limit = ConsultationGrain.MaxReadLimit)
    {
        var items = await Grain(id).Read(fromSequence, limit, caller);
        var opened = new List<OpenItem>(items.Count);
        foreach (var item in items)
        {
            opened.Add(await OpenItemAsync(id, item));
        }

        return opened;
    }

    /// <summary>Decrypts one item (deleted items come back without a body).</summary>
    public async Task<OpenItem> OpenItemAsync(Guid id, EncryptedItem item)
    {
        if (item.DeletedAt is not null || item.Ciphertext.Length == 0)
        {
            return new OpenItem(item.Sequence, item.Author, item.PostedAt, null, item.DeletedAt);
        }

        var key = await EpochKeyAsync(id, item.Epoch);
        var body = JsonSerializer.Deserialize<ItemBody>(ContentCipher.Decrypt(item.Ciphertext, key, new ContentPosition(id, item.Epoch, item.Sequence)), Json)!;
        return new OpenItem(item.Sequence, item.Author, item.PostedAt, body, null);
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
                var ring = GroupKeyRing.HeldBy(await grains.GetGrain<IGroupGrain>(group).GetKeyRing(me), me.Value);
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

    public const int OpinionSequence = -4;

    /// <summary>Where the patient identity sits (epoch 1), before and after a rectification.</summary>
    public const int PatientSequence = -1;

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
            var publicKey = await grains.GetGrain<IPractitionerGrain>(person.Value).GetPublicKey();
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
