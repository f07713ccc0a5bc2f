using Collab.Contracts;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Web.Consultations;

namespace Collab.Web.Mailboxes;

/// <summary>
/// A practitioner's side of the crypto boundary for secure mail: their own mailbox, and the shared ones they were
/// granted (<paramref name="box"/> on each call; none: their own). Messages are encrypted and addressed by
/// <see cref="MailPost"/>; what arrives is opened here with the user's key pair (or the shared mailbox's ring, opened
/// with it). The mailboxes' grains store and file ciphertext only.
/// </summary>
public sealed class MailClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, MailPost post, Func<bool>? sessionAlive = null)
{
    /// <summary>The longest subject.</summary>
    public const int SubjectLimit = 200;

    private const int PageSize = 200;

    public PractitionerId Me => me;

    /// <summary>A mailbox the caller reads: their own (no <paramref name="box"/>), or a shared one.</summary>
    public Task<MailboxView> MailboxAsync(Guid? box = null) => Mailbox(box).Get(caller);

    /// <summary>The shared mailboxes the caller was granted, by address.</summary>
    public async Task<IReadOnlyList<MailboxView>> SharedAsync()
    {
        var views = new List<MailboxView>();
        foreach (var id in await post.SharedAsync(me.Value, null))
        {
            try
            {
                views.Add(await Mailbox(id).Get(caller));
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
            {
                // no longer a reader: the list was a step behind
            }
        }

        return views;
    }

    /// <summary>
    /// Sends a message to <paramref name="to"/> (secure addresses, or practitioners' ids) and files its copy in the
    /// sender's sent folder. <paramref name="attachments"/> were stored under <paramref name="messageId"/> beforehand
    /// (<see cref="Conversations.ConversationClient.StoreFileAsync"/>): their keys travel inside the message.
    /// </summary>
    public async Task<Guid> SendAsync(IReadOnlyList<string> to, string subject, string body, Guid? messageId = null, IReadOnlyList<ItemBody>? attachments = null, IAttachmentStore? files = null)
    {
        EnsureSession();
        var errors = new[] { TextLimits.Check("subject", subject, SubjectLimit), TextLimits.Check("body", body, TextLimits.Description) }.OfType<FieldError>().ToList();
        if (to.Count is 0 or > 50)
        {
            errors.Add(new("to", "must name 1 to 50 recipients other than you"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var from = (await Mailbox(null).Get(caller)).Address; // the sender's own mailbox: its holder, an active care provider
        var recipients = await post.ResolveAsync(to);
        var local = recipients.Local.Where(r => r != me.Value).ToList();
        if (local.Count + recipients.Remote.Count == 0)
        {
            throw DomainException.Invalid([new("to", "must name 1 to 50 recipients other than you")]);
        }

        var sealing = await post.SealingKeysAsync(local); // their addresses go inside the message; the same keys seal it
        var content = new MailContent(subject.Trim(), body.Trim(), [.. local.Select(r => sealing[r].Address), .. recipients.Remote], attachments ?? [], from);
        var id = messageId ?? Guid.NewGuid();
        if (recipients.Remote.Count > 0)
        {
            await post.RelayAsync(content, recipients.Remote, async (file, destination) =>
            {
                if (files is null || !await Conversations.ConversationClient.ReadFileAsync(files, id, file, destination))
                {
                    throw new DomainException(DomainErrorCode.NotFound, $"No attachment {file.FileId} in message {id}.");
                }
            });
        }

        await post.DeliverAsync(id, content, [.. local, me.Value], caller, sealing);
        return id;
    }

    /// <summary>
    /// Saves what the caller is writing in their drafts, encrypted to them (recipients as typed: addresses or ids),
    /// replacing the draft of the same <paramref name="messageId"/>; sending with that id later files it as sent.
    /// </summary>
    public async Task SaveDraftAsync(Guid messageId, IReadOnlyList<string> to, string subject, string body, IReadOnlyList<ItemBody>? attachments = null)
    {
        EnsureSession();
        var errors = new[] { TextLimits.Check("subject", string.IsNullOrWhiteSpace(subject) ? "—" : subject, SubjectLimit), TextLimits.Check("body", string.IsNullOrEmpty(body) ? "—" : body, TextLimits.Description) }
            .OfType<FieldError>().ToList();
        if (errors.Count > 0 || to.Count > 50)
        {
            throw DomainException.Invalid(to.Count > 50 ? [.. errors, new("to", "must name 1 to 50 recipients other than you")] : errors);
        }

        var from = (await Mailbox(null).Get(caller)).Address;
        await post.SaveDraftAsync(messageId, new MailContent(subject.Trim(), body, [.. to], attachments ?? [], from), me.Value, caller);
    }

    /// <summary>The longest name of a folder of one's own.</summary>
    public const int FolderNameLimit = 60;

    /// <summary>The caller's own folders, their names opened here.</summary>
    public async Task<IReadOnlyList<OwnFolder>> FoldersAsync()
    {
        EnsureSession();
        if (await Mailbox(null).GetFolders(caller) is not { } list)
        {
            return [];
        }

        using var keys = unlock();
        var key = KeySealing.Open(list.SealedKey, keys);
        try
        {
            var names = System.Text.Json.JsonSerializer.Deserialize<List<string>>(ContentCipher.Decrypt(list.Ciphertext, key, FolderPosition()))!;
            return [.. list.Ids.Zip(names, (id, name) => new OwnFolder(id, name))];
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>A new folder of one's own (its name encrypted to the caller); returns it.</summary>
    public async Task<OwnFolder> CreateFolderAsync(string name)
    {
        TextLimits.Require("name", name, FolderNameLimit);
        var folders = (await FoldersAsync()).ToList();
        if (folders.Count >= MailFolderList.Most)
        {
            throw DomainException.Invalid([new("folders", $"must be at most {MailFolderList.Most} folders of one's own, their names encrypted to the holder")]);
        }

        var created = new OwnFolder(folders.Count == 0 ? MailFolderList.First : folders.Max(f => f.Id) + 1, name.Trim());
        await SaveFoldersAsync([.. folders, created]);
        return created;
    }

    /// <summary>Removes a folder of one's own; its messages go to the archive.</summary>
    public async Task DeleteFolderAsync(int id)
    {
        var folders = await FoldersAsync();
        if (folders.All(f => f.Id != id))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No folder {id} in this mailbox.");
        }

        await SaveFoldersAsync([.. folders.Where(f => f.Id != id)]);
    }

    private async Task SaveFoldersAsync(IReadOnlyList<OwnFolder> folders)
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Envelope.KeyBytes);
        try
        {
            var ciphertext = ContentCipher.Encrypt(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(folders.Select(f => f.Name).ToList()), key, FolderPosition());
            var publicKey = await grains.Grain<IPractitionerKeysGrain>(me.Value).GetPublicKey();
            await Mailbox(null).SetFolders(new MailFolderList([.. folders.Select(f => f.Id)], KeySealing.Seal(key, publicKey), ciphertext), caller);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    // The names are bound to the holder's mailbox: moved to another, they do not open.
    private ContentPosition FolderPosition() => new(me.Value, 0, 0);

    /// <summary>A page of a folder, newest first, each message opened here.</summary>
    public async Task<IReadOnlyList<OpenMail>> ListAsync(MailFolder folder, int skip = 0, int take = 50, Guid? box = null)
    {
        EnsureSession();
        var entries = await Mailbox(box).List(folder, skip, take, caller);
        var ring = await RingAsync(box, entries);
        using var keys = unlock();
        if (box is { } shared && skip == 0)
        {
            await ShareHistoryAsync(shared, keys);
        }

        return [.. entries.Select(e => MailPost.Open(e, keys, me.Value, ring))];
    }

    /// <summary>One message, opened (marked seen, the opening traced).</summary>
    public async Task<OpenMail> OpenAsync(long sequence, Guid? box = null)
    {
        EnsureSession();
        var entry = await Mailbox(box).Open(sequence, caller);
        var ring = await RingAsync(box, [entry]);
        using var keys = unlock();
        return MailPost.Open(entry, keys, me.Value, ring);
    }

    /// <summary>
    /// The messages of every folder holding every word of <paramref name="query"/> in their subject, body, sender or
    /// attachment names (case and accents ignored), newest first: the mailbox is read and opened here, in the session —
    /// the server holds nothing it could search.
    /// </summary>
    public async Task<IReadOnlyList<OpenMail>> SearchAsync(string query, Guid? box = null)
    {
        var words = TextFold.Words(query);
        if (words.Count == 0)
        {
            return [];
        }

        var found = new List<OpenMail>();
        var own = box is null ? (await FoldersAsync()).Select(f => (MailFolder)f.Id) : [];
        foreach (var folder in Enum.GetValues<MailFolder>().Concat(own))
        {
            for (var skip = 0; ; skip += PageSize)
            {
                var page = await ListAsync(folder, skip, PageSize, box);
                found.AddRange(page.Where(m => m.Readable && TextFold.HoldsAll(
                    $"{m.Content.Subject} {m.Content.Body} {m.Content.From} {string.Join(' ', m.Content.Attachments.Select(a => a.Name))}", words)));
                if (page.Count < PageSize)
                {
                    break;
                }
            }
        }

        return [.. found.OrderByDescending(m => m.ReceivedAt)];
    }

    /// <summary>Opens the message at <paramref name="sequence"/> and decrypts its attachment <paramref name="fileId"/> into <paramref name="destination"/>.</summary>
    public async Task<ItemBody> ReadAttachmentAsync(IAttachmentStore store, long sequence, Guid fileId, Stream destination, Guid? box = null, CancellationToken cancellationToken = default)
    {
        var mail = await OpenAsync(sequence, box);
        var file = mail.Content.Attachments.SingleOrDefault(a => a.FileId == fileId)
            ?? throw new DomainException(DomainErrorCode.NotFound, $"No attachment {fileId} in message {sequence}.");
        return await Conversations.ConversationClient.ReadFileAsync(store, mail.MessageId, file, destination, cancellationToken)
            ? file
            : throw new DomainException(DomainErrorCode.NotFound, $"No attachment {fileId} in message {sequence}.");
    }

    public Task MoveAsync(long sequence, MailFolder folder, Guid? box = null) => Mailbox(box).Move(sequence, folder, caller);

    public Task FlagAsync(long sequence, bool flagged, Guid? box = null) => Mailbox(box).Flag(sequence, flagged, caller);

    public Task DeleteAsync(long sequence, Guid? box = null) => Mailbox(box).Delete(sequence, caller);

    // Readers granted after mail arrived get the ring's versions this reader holds, sealed to them here (as a group's
    // members confirm a newcomer): a service's new colleague reads the mailbox's past too.
    private async Task ShareHistoryAsync(Guid box, UserKeyPair keys)
    {
        var awaiting = await Mailbox(box).AwaitingHistory(caller);
        if (awaiting.Count == 0)
        {
            return;
        }

        var held = (await Mailbox(box).GetRing(caller)).Where(v => v.SealedToMember is not null)
            .Select(v => new KeyRingVersion(v.Version, v.PublicKey, new Dictionary<Guid, byte[]> { [me.Value] = v.SealedToMember! })).ToList();
        foreach (var reader in awaiting)
        {
            var publicKey = await grains.Grain<IPractitionerKeysGrain>(reader.Value).GetPublicKey();
            await Mailbox(box).ShareHistory(reader, GroupKeyRing.SealEveryVersionTo(held, me.Value, keys, publicKey), caller);
        }
    }

    // A shared mailbox's ring as the caller holds it, fetched only when a message needs it.
    private async Task<IReadOnlyList<GroupKeyVersionView>> RingAsync(Guid? box, IReadOnlyList<MailEntry> entries) =>
        entries.Any(e => e.KeyVersion > 0) ? await Mailbox(box).GetRing(caller) : [];

    private IMailboxGrain Mailbox(Guid? box) => grains.Grain<IMailboxGrain>(box ?? me.Value);

    private void EnsureSession()
    {
        if (sessionAlive?.Invoke() == false)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
        }
    }
}
