using System.Security.Cryptography;
using System.Text.Json;
using Collab.Contracts;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Web.Consultations;

namespace Collab.Web.Mailboxes;

/// <summary>
/// A practitioner's side of the crypto boundary for secure mail: a message is encrypted here once, under a fresh key
/// bound to its id, and that key sealed to each recipient's mailbox and to the sender's own (its sent copy); what
/// arrives is opened here with the user's key pair. The mailboxes' grains store and file ciphertext only.
/// </summary>
public sealed class MailClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, Func<bool>? sessionAlive = null)
{
    /// <summary>The longest subject.</summary>
    public const int SubjectLimit = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public PractitionerId Me => me;

    /// <summary>The caller's own mailbox.</summary>
    public Task<MailboxView> MailboxAsync() => Mailbox(me).Get(caller);

    /// <summary>
    /// Sends a message to <paramref name="to"/> (practitioners' mailboxes) and files its copy in the sender's sent folder.
    /// <paramref name="attachments"/> were stored under <paramref name="messageId"/> beforehand
    /// (<see cref="Conversations.ConversationClient.StoreFileAsync"/>): their keys travel inside the message.
    /// </summary>
    public async Task<Guid> SendAsync(IReadOnlyList<PractitionerId> to, string subject, string body, Guid? messageId = null, IReadOnlyList<ItemBody>? attachments = null)
    {
        EnsureSession();
        var errors = new[] { TextLimits.Check("subject", subject, SubjectLimit), TextLimits.Check("body", body, TextLimits.Description) }.OfType<FieldError>().ToList();
        var recipients = to.Distinct().Where(p => p != me).ToList();
        if (recipients.Count is 0 or > 50)
        {
            errors.Add(new("to", "must name 1 to 50 recipients other than you"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var id = messageId ?? Guid.NewGuid();
        var addresses = await Task.WhenAll(recipients.Select(async r => await grains.GetGrain<IPractitionerGrain>(r.Value).GetCard(caller) is { } card ? $"{card.FirstName} {card.LastName}" : r.Value.ToString()));
        var content = new MailContent(subject.Trim(), body.Trim(), [.. addresses], attachments ?? []);
        var key = RandomNumberGenerator.GetBytes(Envelope.KeyBytes);
        try
        {
            var ciphertext = ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(content, Json), key, Position(id));
            foreach (var holder in recipients.Append(me))
            {
                var publicKey = await grains.GetGrain<IPractitionerKeysGrain>(holder.Value).GetPublicKey();
                await Mailbox(holder).Deliver(new MailDelivery(id, KeySealing.Seal(key, publicKey), ciphertext, content.Attachments.Count), caller);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return id;
    }

    /// <summary>A page of a folder, newest first, each message opened here.</summary>
    public async Task<IReadOnlyList<OpenMail>> ListAsync(MailFolder folder, int skip = 0, int take = 50)
    {
        EnsureSession();
        var entries = await Mailbox(me).List(folder, skip, take, caller);
        using var keys = unlock();
        return [.. entries.Select(e => Open(e, keys))];
    }

    /// <summary>One message, opened (marked seen, the opening traced).</summary>
    public async Task<OpenMail> OpenAsync(long sequence)
    {
        EnsureSession();
        var entry = await Mailbox(me).Open(sequence, caller);
        using var keys = unlock();
        return Open(entry, keys);
    }

    /// <summary>
    /// The messages of every folder holding every word of <paramref name="query"/> in their subject or body (case and
    /// accents ignored), newest first: the mailbox is read and opened here, in the session — the server holds nothing it
    /// could search.
    /// </summary>
    public async Task<IReadOnlyList<OpenMail>> SearchAsync(string query)
    {
        var words = TextFold.Words(query);
        if (words.Count == 0)
        {
            return [];
        }

        var found = new List<OpenMail>();
        foreach (var folder in Enum.GetValues<MailFolder>())
        {
            for (var skip = 0; ; skip += PageSize)
            {
                var page = await ListAsync(folder, skip, PageSize);
                found.AddRange(page.Where(m => TextFold.HoldsAll($"{m.Content.Subject} {m.Content.Body}", words)));
                if (page.Count < PageSize)
                {
                    break;
                }
            }
        }

        return [.. found.OrderByDescending(m => m.ReceivedAt)];
    }

    private const int PageSize = 200;

    /// <summary>Opens the message at <paramref name="sequence"/> and decrypts its attachment <paramref name="fileId"/> into <paramref name="destination"/>.</summary>
    public async Task<ItemBody> ReadAttachmentAsync(IAttachmentStore store, long sequence, Guid fileId, Stream destination, CancellationToken cancellationToken = default)
    {
        var mail = await OpenAsync(sequence);
        var file = mail.Content.Attachments.SingleOrDefault(a => a.FileId == fileId)
            ?? throw new DomainException(DomainErrorCode.NotFound, $"No attachment {fileId} in message {sequence}.");
        return await Conversations.ConversationClient.ReadFileAsync(store, mail.MessageId, file, destination, cancellationToken)
            ? file
            : throw new DomainException(DomainErrorCode.NotFound, $"No attachment {fileId} in message {sequence}.");
    }

    public Task MoveAsync(long sequence, MailFolder folder) => Mailbox(me).Move(sequence, folder, caller);

    public Task DeleteAsync(long sequence) => Mailbox(me).Delete(sequence, caller);

    private static OpenMail Open(MailEntry entry, UserKeyPair keys)
    {
        var key = KeySealing.Open(entry.SealedKey, keys);
        try
        {
            var content = JsonSerializer.Deserialize<MailContent>(ContentCipher.Decrypt(entry.Ciphertext, key, Position(entry.MessageId)), Json)!;
            return new OpenMail(entry.Sequence, entry.MessageId, entry.Folder, entry.Seen, entry.From, entry.ReceivedAt, content with { Attachments = content.Attachments ?? [] });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // The content is bound to its message id: moved under another id, it does not open.
    private static ContentPosition Position(Guid messageId) => new(messageId, 1, 1);

    private IMailboxGrain Mailbox(PractitionerId holder) => grains.GetGrain<IMailboxGrain>(holder.Value);

    private void EnsureSession()
    {
        if (sessionAlive?.Invoke() == false)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The session has ended; log in again.");
        }
    }
}

/// <summary>
/// What a message says, encrypted as a whole: subject, body, the recipients' names as the sender saw them, and its
/// attachments (each file's id, name, type, size and key; the file itself encrypted apart, under the message's id).
/// </summary>
public sealed record MailContent(string Subject, string Body, IReadOnlyList<string> To, IReadOnlyList<ItemBody> Attachments);

/// <summary>A message of the caller's mailbox, opened.</summary>
public sealed record OpenMail(long Sequence, Guid MessageId, MailFolder Folder, bool Seen, PractitionerId? From, DateTimeOffset ReceivedAt, MailContent Content);
