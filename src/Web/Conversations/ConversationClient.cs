using System.Security.Cryptography;
using System.Text.Json;
using Collab.Contracts;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Grains.Conversations;
using Collab.Web.Consultations;
using Collab.Web.Groups;

namespace Collab.Web.Conversations;

/// <summary>
/// A practitioner's side of the crypto boundary for a conversation (a consultation's discussion, a discussion
/// between colleagues): encrypts what they write before a grain sees it, opens epoch keys with their own key pair,
/// decrypts what they read. One per user and view (a SignalR connection, a Blazor circuit); it caches the epoch
/// keys it opened, and unlocks the user's private key only for the moment it needs it. Once the session behind it
/// ends (<c>sessionAlive</c> false: logout, suspension, password reset, on any node), it forgets those keys and
/// neither decrypts nor encrypts anything more.
/// </summary>
public abstract class ConversationClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, Func<bool>? sessionAlive)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<(Guid Conversation, int Epoch), byte[]> _epochKeys = [];
    private readonly Dictionary<Guid, (int Epoch, byte[] Key)> _current = [];
    private readonly Lock _gate = new();

    public PractitionerId Me => me;

    public Caller Caller => caller;

    /// <summary>The cluster's grains.</summary>
    protected IGrainFactory Grains => grains;

    /// <summary>Whether the session behind this client still lives (false once it ended anywhere).</summary>
    public bool SessionAlive => sessionAlive?.Invoke() ?? true;

    /// <summary>The grain of conversation <paramref name="id"/> (a consultation or a discussion).</summary>
    public abstract IConversationGrain Conversation(Guid id);

    /// <summary>The user's key pair, unlocked for the moment (dispose it at once).</summary>
    protected UserKeyPair Unlock() => unlock();

    /// <summary>
    /// How long a post waits for its answer before it is sent again (the same client id: stored once). A call on its way
    /// to a silo that dies is never answered — Orleans' client keeps no track of what a lost gateway had received — and
    /// would wait Orleans' 30-s response timeout while the user's message shows as sending.
    /// </summary>
    public static readonly TimeSpan AnswerPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Posts an item and returns the place the grain gave it. The item is encrypted once, bound to the
    /// consultation, the current epoch, the caller, <paramref name="clientId"/> and <paramref name="seen"/> (the last
    /// sequence the sender's view held): other senders never make it fail. When the group's keys changed, a
    /// new epoch is started and the item encrypted again. A lost connection to the cluster (a silo restarting)
    /// is retried for up to ~6 s with the same <paramref name="clientId"/>, which the grain stores once, and so is a post
    /// whose answer did not come within <see cref="AnswerPatience"/>.
    /// </summary>
    public async Task<long> PostAsync(Guid id, ItemBody body, Guid clientId, long seen)
    {
        EnsureSession();
        if (body.Kind == ItemBody.TextKind)
        {
            TextLimits.Require("text", body.Text, TextLimits.Message);
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var grain = Conversation(id);
        var renewals = 0;
        var renew = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (epoch, key) = await CurrentEpochAsync(id, renew);
                EnsureSession();
                return await grain.Post(epoch, MessageCipher.Encrypt(plaintext, key, new MessageBinding(id, epoch, me.Value, clientId, seen)), clientId, caller)
                    .WaitAsync(AnswerPatience);
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Stale && ++renewals < 5)
            {
                renew = true; // the keys changed: start a new epoch
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && attempt < 8)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt)); // the cluster is not reachable right now, or the answer was lost
            }
        }
    }

    /// <summary>Deletes one of the caller's own messages (its ciphertext is erased, a tombstone keeps its place).</summary>
    public Task DeleteAsync(Guid id, long sequence) => Conversation(id).Delete(sequence, caller);

    /// <summary>Records that the caller has read up to <paramref name="sequence"/>.</summary>
    public Task MarkReadAsync(Guid id, long sequence) => Conversation(id).MarkRead(sequence, caller);

    /// <summary>Tells the other viewers the caller is typing, or opened (<paramref name="present"/>) or left the page.</summary>
    public Task SignalAsync(Guid id, ConsultationEventKind kind, bool present = true) => Conversation(id).Signal(kind, present, caller);

    /// <summary>Records a download of a file, a report or an export (an audited access).</summary>
    public Task RecordDownloadAsync(Guid id, DownloadKind kind) => Conversation(id).RecordDownload(kind, caller);

    /// <summary>Every item the caller can read, decrypted, page after page (for a report or an export).</summary>
    public async Task<IReadOnlyList<OpenItem>> ReadAllAsync(Guid id)
    {
        var items = new List<OpenItem>();
        for (IReadOnlyList<OpenItem> page; (page = await ReadAsync(id, items.Count == 0 ? 1 : items[^1].Sequence + 1)).Count > 0;)
        {
            items.AddRange(page);
        }

        return items;
    }

    /// <summary>
    /// The messages of conversation <paramref name="id"/> holding every word of <paramref name="query"/> in their text
    /// or file name (case and accents ignored), newest first. The server cannot index what it cannot read: this
    /// reads and decrypts the conversation here, in the user's session (docs/benchmarks.md gives the cost).
    /// </summary>
    public async Task<IReadOnlyList<OpenItem>> SearchAsync(Guid id, string query)
    {
        var words = TextFold.Words(query);
        if (words.Count == 0)
        {
            return [];
        }

        var items = await ReadAllAsync(id);
        return items.Where(i => i.Body is { } body && TextFold.HoldsAll($"{body.Text} {body.Name}", words)).Reverse().ToList();
    }

    /// <summary>Items from <paramref name="fromSequence"/> on, decrypted.</summary>
    public async Task<IReadOnlyList<OpenItem>> ReadAsync(Guid id, long fromSequence, int limit = Collab.Grains.Conversations.ConversationLimits.MaxReadLimit)
    {
        EnsureSession();
        var items = await Conversation(id).Read(fromSequence, limit, caller);
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
    /// the item another viewer already opened with the same key, or decrypts. A value task, without a closure: on the
    /// live path (once per viewer of every message) the key is cached and nothing here waits.
    /// </summary>
    public async ValueTask<OpenItem> OpenItemAsync(Guid id, EncryptedItem item, ISharedOpening? shared = null)
    {
        EnsureSession();
        if (item.DeletedAt is not null || item.Ciphertext.Length == 0)
        {
            return new OpenItem(item.Sequence, item.Author, item.PostedAt, null, item.DeletedAt);
        }

        var key = await EpochKeyAsync(id, item.Epoch);
        return shared is null ? Decrypt(key, id, item) : shared.Open(key, id, item, Decrypt);
    }

    private static OpenItem Decrypt(byte[] key, Guid id, EncryptedItem item)
    {
        // Messages are bound to their author (the grain gave their place); items written before that, to their position.
        var plaintext = MessageCipher.IsMessage(item.Ciphertext)
            ? MessageCipher.Decrypt(item.Ciphertext, key, id, item.Epoch, item.Author?.Value ?? Guid.Empty, item.Sequence)
            : ContentCipher.Decrypt(item.Ciphertext, key, new ContentPosition(id, item.Epoch, item.Sequence));
        var body = JsonSerializer.Deserialize<ItemBody>(plaintext, Json)!;
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
    public ValueTask<byte[]> EpochKeyAsync(Guid id, int epoch)
    {
        lock (_gate)
        {
            if (_epochKeys.TryGetValue((id, epoch), out var cached))
            {
                return ValueTask.FromResult(cached); // every viewer of every live message: nothing allocated
            }
        }

        return new(OpenEpochKeyAsync(id, epoch));
    }

    private async Task<byte[]> OpenEpochKeyAsync(Guid id, int epoch)
    {
        var seals = await Conversation(id).GetEpochSeals(caller);
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
                var ring = (await grains.Grain<IGroupGrain>(group).GetKeyRing(me)).HeldBy(me.Value);
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
    protected void EnsureSession()
    {
        if (sessionAlive is not null && !sessionAlive())
        {
            Forget();
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
        }
    }

    /// <summary>Seals <paramref name="key"/> to each of <paramref name="people"/> and to <paramref name="group"/>'s current key version.</summary>
    protected async Task<EpochSeal> SealAsync(byte[] key, IEnumerable<PractitionerId> people, Guid? group)
    {
        var sealedTo = new Dictionary<Guid, byte[]>();
        foreach (var person in people)
        {
            var publicKey = await grains.Grain<IPractitionerKeysGrain>(person.Value).GetPublicKey();
            sealedTo[person.Value] = KeySealing.Seal(key, publicKey);
        }

        if (group is not { } groupId)
        {
            return new EpochSeal(sealedTo, null, 0, null);
        }

        var ring = await grains.Grain<IGroupGrain>(groupId).GetKeyRing(me);
        var current = ring.Versions.Single(v => v.Version == ring.CurrentVersion);
        return new EpochSeal(sealedTo, groupId, current.Version, KeySealing.Seal(key, current.PublicKey));
    }

    /// <summary>Keeps an epoch key this user made or opened.</summary>
    protected void Remember(Guid id, int epoch, byte[] key)
    {
        lock (_gate)
        {
            _epochKeys[(id, epoch)] = key;
        }
    }

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
        var seals = await Conversation(id).GetEpochSeals(caller);
        var last = seals[^1];
        // Asked again after a Stale refusal: the recipients changed (a group's key version, a discussion's members).
        var stale = renew || (last.Group is { } group && await grains.Grain<IGroupGrain>(group).GetCurrentVersion() != last.GroupVersion);
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

        var recipients = await Conversation(id).Recipients(caller);
        var key = EpochKeys.New();
        var epoch = await Conversation(id).StartEpoch(await SealAsync(key, recipients.People.Append(me).Distinct(), recipients.Group), caller);
        Remember(id, epoch, key);
        return (epoch, key);
    }
}
