using System.Text;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Knowledge;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Grains.Knowledge;
using Collab.Web.Consultations;
using Collab.Web.Groups;

namespace Collab.Web.Knowledge;

/// <summary>
/// A practitioner's side of the crypto boundary for the knowledge base: asking a specialist network anonymously (the
/// asker's seat and the case keys are made here), reading and writing the case's thread, proposing it through the
/// de-identification gate, reviewing, and searching the published cases. The grains hold ciphertext and sealed keys
/// until a reviewer approves; the published text is anonymised, not encrypted.
/// </summary>
public sealed class KnowledgeClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, Func<bool>? sessionAlive = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where the proposal's text sits under the case key (the thread's messages are at 1 and up).</summary>
    private const long ProposalPosition = -2;

    public PractitionerId Me => me;

    public Caller Caller => caller;

    /// <summary>The largest picture an anonymous case takes.</summary>
    public const long MaxImageBytes = 10 * 1024 * 1024;

    /// <summary>A thread message, opened: who wrote it (the case's id for the asker) and what — a text, or a picture (<see cref="Image"/>).</summary>
    public sealed record CaseMessage(long Sequence, PractitionerId? Author, DateTimeOffset PostedAt, string? Text, bool FromAsker, ItemBody? Image = null);

    /// <summary>The specialist networks any validated practitioner may ask, by name.</summary>
    public async Task<IReadOnlyList<DirectoryEntry>> NetworksAsync()
    {
        var page = await grains.Grain<IDirectoryGrain>(0).Search(new DirectoryQuery(null, DirectoryKind.Group, GroupInfo.NetworkMarker, null, null, null, 1, 100), caller);
        return page.Entries;
    }

    /// <summary>Asks <paramref name="network"/> a question with no patient identity; returns the case's id.</summary>
    public async Task<Guid> AskAsync(Guid network, AgeBand age, CaseSex sex, bool revealAsker, string question)
    {
        EnsureSession();
        if (string.IsNullOrWhiteSpace(question))
        {
            throw DomainException.Invalid([new("question", "is required")]);
        }

        TextLimits.Require("question", question, TextLimits.Message);

        var id = Guid.NewGuid();
        using var seat = UserKeyPair.Generate();
        var (key, firstKey) = NewCaseKey(await grains.Grain<IGroupGrain>(network).GetKeyRing(me), seat.PublicKey);
        byte[] sealedSeat;
        using (var keys = unlock())
        {
            sealedSeat = KeySealing.Seal(seat.PrivateKey, keys.PublicKey);
        }

        var clientId = MessageIds.New();
        var start = new NetworkCaseStart(
            network, age, sex, revealAsker, seat.PublicKey, sealedSeat, firstKey,
            MessageCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(ItemBody.Message(question.Trim()), Json), key, new MessageBinding(id, 1, id, clientId, 0)),
            clientId);
        await Case(id).Ask(start, caller);
        return id;
    }

    public Task<NetworkCaseView> GetAsync(Guid id) => Case(id).Get(caller);

    /// <summary>The caller's cases and their networks' cases, newest first (each read as the caller may see it).</summary>
    public async Task<IReadOnlyList<NetworkCaseView>> ListAsync()
    {
        EnsureSession();
        var ids = new List<Guid>(await grains.Grain<IKnowledgeCaseListGrain>(me.Value).List(caller));
        foreach (var group in await grains.Grain<IPractitionerGrain>(me.Value).GetGroups(caller))
        {
            var grain = grains.Grain<IGroupGrain>(group);
            if ((await grain.GetInfo()).IsNetwork && await grain.IsConfirmedMember(me))
            {
                ids.AddRange(await grains.Grain<IKnowledgeCaseListGrain>(group).List(caller));
            }
        }

        var views = new List<NetworkCaseView>();
        foreach (var id in ids.Distinct())
        {
            try
            {
                views.Add(await GetAsync(id));
            }
            catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.NotFound)
            {
                // left the network meanwhile
            }
        }

        return [.. views.OrderByDescending(v => v.AskedAt)];
    }

    /// <summary>The thread, opened with the caller's keys (the asker's seat, or the network's ring).</summary>
    public async Task<IReadOnlyList<CaseMessage>> ReadAsync(NetworkCaseView view)
    {
        EnsureSession();
        if (view.DestroyedAt is not null)
        {
            return []; // the thread's retention ended
        }

        var items = await Case(view.Id).Read(1, Grains.Conversations.ConversationLimits.MaxReadLimit, caller);
        var keys = await KeysAsync(view);
        return items.Select(i =>
        {
            var body = i.DeletedAt is null && keys.TryGetValue(i.Epoch, out var key) ? Open(view.Id, i, key) : null;
            return new CaseMessage(i.Sequence, i.Author, i.PostedAt, body?.Text, i.Author?.Value == view.Id, body is { Kind: ItemBody.FileKind } ? body : null);
        }).ToList();
    }

    /// <summary>
    /// Adds a picture to the thread (a PNG or JPEG of at most <see cref="MaxImageBytes"/>): its metadata stripped
    /// (<see cref="ImageMetadata"/>), stored encrypted under a key of its own that travels inside the message, and named
    /// neutrally — a file's name often carries the patient's.
    /// </summary>
    public async Task<long> PostImageAsync(NetworkCaseView view, IAttachmentStore store, byte[] picture)
    {
        EnsureSession();
        if (picture.Length > MaxImageBytes)
        {
            throw DomainException.Invalid([new("image", $"must be at most {MaxImageBytes / (1024 * 1024)} MB")]);
        }

        var (image, contentType) = ImageMetadata.Strip(picture);
        var name = $"image-{view.LastSequence + 1}{(contentType == "image/png" ? ".png" : ".jpg")}";
        var file = await Consultations.ConsultationClient.StoreFileAsync(store, view.Id, new MemoryStream(image), name, contentType, image.Length);
        return await PostBodyAsync(view, file);
    }

    /// <summary>The picture at <paramref name="sequence"/>, decrypted into <paramref name="destination"/> (its read traced); null when there is none.</summary>
    public async Task<ItemBody?> ReadImageAsync(Guid id, long sequence, IAttachmentStore store, Stream destination, CancellationToken cancellationToken = default)
    {
        EnsureSession();
        var view = await GetAsync(id);
        var item = (await Case(id).Read(sequence, 1, caller)).SingleOrDefault(i => i.Sequence == sequence && i.DeletedAt is null);
        if (item is null || !(await KeysAsync(view)).TryGetValue(item.Epoch, out var key) || Open(id, item, key) is not { Kind: ItemBody.FileKind } file)
        {
            return null;
        }

        return await Consultations.ConsultationClient.ReadFileAsync(store, id, file, destination, cancellationToken) ? file : null;
    }

    // A message's body: the JSON of an item body, or (cases asked before pictures) plain text.
    private static ItemBody Open(Guid id, EncryptedItem item, byte[] key)
    {
        var plaintext = MessageCipher.Decrypt(item.Ciphertext, key, id, item.Epoch, item.Author?.Value ?? Guid.Empty, item.Sequence);
        if (plaintext is [(byte)'{', ..])
        {
            try
            {
                if (JsonSerializer.Deserialize<ItemBody>(plaintext, Json) is { Kind: ItemBody.TextKind or ItemBody.FileKind } body)
                {
                    return body;
                }
            }
            catch (JsonException)
            {
                // a text that starts with a brace
            }
        }

        return ItemBody.Message(Encoding.UTF8.GetString(plaintext));
    }

    /// <summary>Writes in the thread under the newest key (a new key first when the network's ring turned).</summary>
    public async Task<long> PostAsync(NetworkCaseView view, string text)
    {
        EnsureSession();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw DomainException.Invalid([new("text", "is required")]);
        }

        TextLimits.Require("text", text, TextLimits.Message);
        return await PostBodyAsync(view, ItemBody.Message(text.Trim()));
    }

    private async Task<long> PostBodyAsync(NetworkCaseView view, ItemBody body)
    {
        var (version, key) = await WritingKeyAsync(view);
        var clientId = MessageIds.New();
        var author = view.CallerIsAsker ? view.Id : me.Value;
        var ciphertext = MessageCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(body, Json), key, new MessageBinding(view.Id, version, author, clientId, view.LastSequence));
        return await Case(view.Id).Post(version, ciphertext, clientId, caller);
    }

    /// <summary>
    /// Proposes the case for the knowledge base: the text must pass the gate unchanged (the page showed what it removed
    /// and the author edited), then it is encrypted under the case key with its digest.
    /// </summary>
    public async Task<(CasePublication Cleaned, IReadOnlyList<Deidentifier.Removal> Removed)?> ProposeAsync(
        NetworkCaseView view, CasePublication text, IReadOnlyList<string> icdCodes, long answerSequence, Deidentifier.Known? known = null)
    {
        EnsureSession();
        var check = Check(text, known);
        if (check.Removed.Count > 0)
        {
            return check;
        }

        var (version, key) = await WritingKeyAsync(view);
        var ciphertext = ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(Trimmed(text), Json), key, new ContentPosition(view.Id, version, ProposalPosition));
        await Case(view.Id).Propose(new CaseProposal(version, ciphertext, icdCodes, answerSequence, NetworkCaseGrain.Digest(text)), caller);
        return null;
    }

    /// <summary>The proposal's text, opened with the caller's keys.</summary>
    public async Task<CasePublication?> OpenProposalAsync(NetworkCaseView view)
    {
        if (view.Proposal is not { } proposal)
        {
            return null;
        }

        var keys = await KeysAsync(view);
        var plaintext = ContentCipher.Decrypt(proposal.Ciphertext, keys[proposal.KeyVersion], new ContentPosition(view.Id, proposal.KeyVersion, ProposalPosition));
        return JsonSerializer.Deserialize<CasePublication>(plaintext, Json);
    }

    /// <summary>A reviewer approves: the gate runs once more on the reviewer's side, then the text goes to the index.</summary>
    public async Task<string> ApproveAsync(NetworkCaseView view)
    {
        EnsureSession();
        var text = await OpenProposalAsync(view) ?? throw new DomainException(DomainErrorCode.Conflict, "The case has no proposal.");
        if (Check(text, null).Removed.Count > 0)
        {
            throw DomainException.Invalid([new("publication", "still holds identifiers: send it back to its author")]);
        }

        return await Case(view.Id).Approve(text, caller);
    }

    /// <summary>A reviewer sends the proposal back, saying why in the thread.</summary>
    public async Task SendBackAsync(NetworkCaseView view, string? reason)
    {
        EnsureSession();
        if (!string.IsNullOrWhiteSpace(reason))
        {
            await PostAsync(view, reason);
        }

        await Case(view.Id).SendBack(caller);
    }

    public Task WithdrawAsync(Guid id) => Case(id).Withdraw(caller);

    /// <summary>
    /// Proposes a closed consultation for the knowledge base, reviewed by <paramref name="network"/> once the other party
    /// consents: the text must pass the gate with the consultation's own identities (<see cref="KnownOf"/>) unchanged;
    /// the age band and sex come from the patient's identity, decrypted here. Returns the gate's cleaning when it found
    /// something, else null (the case's id is <see cref="ConsultationSubmission.CaseIdOf"/>).
    /// </summary>
    public async Task<(CasePublication Cleaned, IReadOnlyList<Deidentifier.Removal> Removed)?> SubmitConsultationAsync(
        OpenConsultation consultation, Guid network, CasePublication text, IReadOnlyList<string> icdCodes, Deidentifier.Known known)
    {
        EnsureSession();
        var check = Check(text, known);
        if (check.Removed.Count > 0)
        {
            return check;
        }

        var view = consultation.View;
        var id = ConsultationSubmission.CaseIdOf(view.Id);
        using var seat = UserKeyPair.Generate();
        var (key, firstKey) = NewCaseKey(await grains.Grain<IGroupGrain>(network).GetKeyRing(me), seat.PublicKey);
        var parties = await Task.WhenAll(new[] { view.Requester, view.AcceptedBy ?? view.Requester }.Select(p => grains.Grain<IPractitionerKeysGrain>(p.Value).GetPublicKey()));
        var asked = DateOnly.FromDateTime(view.Timeline.Values.Min().UtcDateTime);
        var sex = consultation.Patient.Sex switch { PatientSex.Female => CaseSex.Female, PatientSex.Male => CaseSex.Male, _ => CaseSex.Unspecified };
        var proposal = new CaseProposal(
            1, ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(Trimmed(text), Json), key, new ContentPosition(id, 1, ProposalPosition)), icdCodes, 0, NetworkCaseGrain.Digest(text));
        await Case(id).Submit(
            new ConsultationSubmission(
                view.Id, network, AgeBands.Of(consultation.Patient.BirthDate, asked), sex, seat.PublicKey,
                KeySealing.Seal(seat.PrivateKey, parties[0]), KeySealing.Seal(seat.PrivateKey, parties[1]), firstKey, proposal),
            caller);
        return null;
    }

    /// <summary>What a consultation says identifies someone: the patient's names (rectified ones too), NIR and birth date, and the practitioners' names given.</summary>
    public static Deidentifier.Known KnownOf(OpenConsultation consultation, IEnumerable<string> practitionerNames)
    {
        var patients = consultation.PreviousPatients.Append(consultation.Patient).ToList();
        var names = patients.SelectMany(p => new[] { p.LastName, p.FirstName })
            .Concat(practitionerNames.SelectMany(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new Deidentifier.Known(names, consultation.Patient.Nir, consultation.Patient.BirthDate);
    }

    /// <summary>The other party of a consultation's case consents to the proposal as they read it (its digest, computed here).</summary>
    public async Task ConsentAsync(NetworkCaseView view)
    {
        EnsureSession();
        var text = await OpenProposalAsync(view) ?? throw new DomainException(DomainErrorCode.Conflict, "The case has no proposal.");
        await Case(view.Id).Consent(NetworkCaseGrain.Digest(text), caller);
    }

    public Task<KnowledgeResults> SearchAsync(KnowledgeQuery query) => grains.Grain<IKnowledgeGrain>(0).Search(query, caller);

    public Task<(KnowledgeDocument? Document, IReadOnlyList<KnowledgeDocument> Similar)> OpenAsync(string id) => grains.Grain<IKnowledgeGrain>(0).Open(id, caller);

    /// <summary>The gate over the three parts: what it leaves of each, and everything it removed.</summary>
    public static (CasePublication Cleaned, IReadOnlyList<Deidentifier.Removal> Removed) Check(CasePublication text, Deidentifier.Known? known)
    {
        var parts = new[] { text.Question, text.Answer, text.Summary }.Select(t => Deidentifier.Clean(t ?? "", known)).ToList();
        return (new CasePublication(parts[0].Text, parts[1].Text, parts[2].Text), [.. parts.SelectMany(p => p.Removed)]);
    }

    private static CasePublication Trimmed(CasePublication text) => new(text.Question.Trim(), text.Answer.Trim(), text.Summary.Trim());

    // Every case key the caller can open, by version (a member's through the network's ring, asked for unless given).
    private async Task<Dictionary<int, byte[]>> KeysAsync(NetworkCaseView view, GroupKeyRingView? ring = null)
    {
        var opened = new Dictionary<int, byte[]>();
        using var keys = unlock();
        if (view.CallerIsAsker)
        {
            using var seat = UserKeyPair.FromPrivateKey(KeySealing.Open(view.SeatSealedToAsker!, keys), view.SeatPublicKey);
            foreach (var key in view.Keys)
            {
                opened[key.Version] = KeySealing.Open(key.SealedToSeat, seat);
            }

            return opened;
        }

        var held = (ring ?? await grains.Grain<IGroupGrain>(view.Network).GetKeyRing(me)).HeldBy(me.Value);
        foreach (var key in view.Keys)
        {
            if (held.SingleOrDefault(v => v.Version == key.GroupVersion) is { } version)
            {
                opened[key.Version] = EpochKeys.OpenThroughGroup(key.SealedToGroup, version, me.Value, keys);
            }
        }

        return opened;
    }

    // The newest key, or a new one sealed to the network's current version and the asker's seat when the ring turned.
    private async Task<(int Version, byte[] Key)> WritingKeyAsync(NetworkCaseView view)
    {
        var ring = await grains.Grain<IGroupGrain>(view.Network).GetKeyRing(me);
        if (view.Keys.Count > 0 && view.Keys[^1] is { } newest && newest.GroupVersion == ring.CurrentVersion
            && (await KeysAsync(view, ring)).TryGetValue(newest.Version, out var known))
        {
            return (newest.Version, known);
        }

        // No usable key (the ring turned, or the thread was destroyed: the case answers Gone then).
        var (key, seal) = NewCaseKey(ring, view.SeatPublicKey);
        return (await Case(view.Id).AddKey(seal, caller), key);
    }

    // A new case key, sealed to the network's current key version and to the case's seat.
    private static (byte[] Key, CaseKeySeal Seal) NewCaseKey(GroupKeyRingView ring, byte[] seatPublicKey)
    {
        var key = EpochKeys.New();
        var current = ring.Versions.Single(v => v.Version == ring.CurrentVersion);
        return (key, new CaseKeySeal(current.Version, KeySealing.Seal(key, current.PublicKey), KeySealing.Seal(key, seatPublicKey)));
    }

    private INetworkCaseGrain Case(Guid id) => grains.Grain<INetworkCaseGrain>(id);

    private void EnsureSession()
    {
        if (sessionAlive is not null && !sessionAlive())
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
        }
    }
}
