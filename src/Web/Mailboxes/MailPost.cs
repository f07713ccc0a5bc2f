using System.Security.Cryptography;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Mailboxes;
using Collab.Crypto;
using Collab.Grains.Mailboxes;
using Collab.Silo.Hosting;
using Collab.Web.Consultations;

namespace Collab.Web.Mailboxes;

/// <summary>
/// Where secure mail is encrypted, addressed and opened on a web node — for the webmail, the API and the SMTP gateway
/// alike. A message is encrypted once under a fresh key bound to its id; that key is sealed to each recipient mailbox
/// (<see cref="IMailboxGrain.GetSealingKey"/>: a holder's public key, or a shared mailbox's ring). Addresses of other
/// secure domains leave through the relay; any other address is refused with the reason.
/// </summary>
public sealed class MailPost(IGrainFactory grains, IMailStore store, MailSettings settings, IMailRelay relay)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public MailSettings Settings => settings;

    /// <summary>The shared mailboxes <paramref name="reader"/> reads and/or of <paramref name="structure"/>, by address.</summary>
    public Task<IReadOnlyList<Guid>> SharedAsync(Guid? reader, Guid? structure) => store.SharedAsync(reader, structure);

    /// <summary>The mailbox of the platform an address belongs to; null when none.</summary>
    public Task<Guid?> MailboxOfAsync(string address) => store.MailboxOfAsync(address);

    /// <summary>
    /// The mailboxes of the platform behind <paramref name="to"/> (addresses, or practitioners' ids) and the addresses of
    /// other secure domains; a field error for every other address (unknown here, or not a secure health domain).
    /// </summary>
    public async Task<MailRecipients> ResolveAsync(IEnumerable<string> to, string field = "to")
    {
        var local = new List<Guid>();
        var remote = new List<string>();
        var errors = new List<FieldError>();
        foreach (var text in to.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Guid.TryParse(text, out var practitioner))
            {
                local.Add(practitioner);
            }
            else if (!System.Net.Mail.MailAddress.TryCreate(text, out var address) || address.Address.Length > 254)
            {
                errors.Add(new(field, "must be email addresses of secure health mailboxes"));
            }
            else if (string.Equals(address.Host, settings.Domain, StringComparison.OrdinalIgnoreCase))
            {
                if (await store.MailboxOfAsync(address.Address) is { } mailbox)
                {
                    local.Add(mailbox);
                }
                else
                {
                    errors.Add(new(field, "names no mailbox of this platform"));
                }
            }
            else if (!settings.IsSecure(address.Host))
            {
                errors.Add(new(field, "must be a secure health (MSSanté) address: mail is never sent or forwarded to another domain"));
            }
            else if (settings.RelayHost is null)
            {
                errors.Add(new(field, "is another secure domain, but outgoing mail is not configured here (Mail:Relay:Host)"));
            }
            else
            {
                remote.Add(address.Address.ToLowerInvariant());
            }
        }

        return errors.Count > 0 ? throw DomainException.Invalid(errors) : new MailRecipients(local.Distinct().ToList(), remote);
    }

    /// <summary>
    /// Encrypts <paramref name="content"/> once and files it in each of <paramref name="mailboxes"/> (the sender's own among
    /// them gets it in its sent folder, in place of its draft if there was one), as <paramref name="caller"/>.
    /// </summary>
    public Task DeliverAsync(Guid messageId, MailContent content, IReadOnlyList<Guid> mailboxes, Caller caller, IReadOnlyDictionary<Guid, MailSealingKey>? known = null) =>
        SealAsync(messageId, content, mailboxes, (mailbox, delivery) => mailbox.Deliver(delivery, caller), known);

    /// <summary>What each mailbox takes a message's key sealed to (and its address), asked of each once.</summary>
    public async Task<IReadOnlyDictionary<Guid, MailSealingKey>> SealingKeysAsync(IReadOnlyList<Guid> mailboxes)
    {
        var keys = await Task.WhenAll(mailboxes.Select(id => grains.Grain<IMailboxGrain>(id).GetSealingKey()));
        return mailboxes.Zip(keys).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>Encrypts a draft and saves it in the holder's drafts (replacing the one with the same id).</summary>
    public Task SaveDraftAsync(Guid messageId, MailContent content, Guid holder, Caller caller) =>
        SealAsync(messageId, content, [holder], (mailbox, draft) => mailbox.SaveDraft(draft, caller));

    // The content encrypted once under a fresh key, the key sealed to each mailbox as it takes it, then filed.
    private async Task SealAsync(Guid messageId, MailContent content, IReadOnlyList<Guid> mailboxes, Func<IMailboxGrain, MailDelivery, Task<long>> file, IReadOnlyDictionary<Guid, MailSealingKey>? known = null)
    {
        var key = RandomNumberGenerator.GetBytes(Envelope.KeyBytes);
        try
        {
            var ciphertext = ContentCipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(content, Json), key, Position(messageId));
            await Task.WhenAll(mailboxes.Select(async id =>
            {
                var mailbox = grains.Grain<IMailboxGrain>(id);
                var sealing = known?.GetValueOrDefault(id) ?? await mailbox.GetSealingKey();
                await file(mailbox, new MailDelivery(messageId, KeySealing.Seal(key, sealing.PublicKey), ciphertext, content.Attachments.Count, sealing.Version));
            }));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Sends a message to other secure domains through the relay (the plaintext exists only in this transaction).</summary>
    public Task RelayAsync(MailContent content, IReadOnlyList<string> to, Func<ItemBody, Stream, Task> readFile) =>
        to.Count == 0 ? Task.CompletedTask : relay.SendAsync(content, to, readFile);

    /// <summary>Opens a message with the key pair that holds its key: the reader's own, or a version of the shared mailbox's ring.</summary>
    public static OpenMail Open(MailEntry entry, UserKeyPair keys, Guid holder, IReadOnlyList<GroupKeyVersionView> ring)
    {
        byte[] key;
        if (entry.KeyVersion == 0)
        {
            key = KeySealing.Open(entry.SealedKey, keys);
        }
        else
        {
            var version = ring.FirstOrDefault(v => v.Version == entry.KeyVersion);
            if (version?.SealedToMember is null)
            {
                return new OpenMail(entry.Sequence, entry.MessageId, entry.Folder, entry.Seen, entry.From, entry.ReceivedAt, MailContent.Closed, Readable: false, entry.Flagged);
            }

            using var pair = GroupKeyRing.OpenVersion(new KeyRingVersion(version.Version, version.PublicKey, new Dictionary<Guid, byte[]> { [holder] = version.SealedToMember }), holder, keys);
            key = KeySealing.Open(entry.SealedKey, pair);
        }

        try
        {
            var content = JsonSerializer.Deserialize<MailContent>(ContentCipher.Decrypt(entry.Ciphertext, key, Position(entry.MessageId)), Json)!;
            return new OpenMail(entry.Sequence, entry.MessageId, entry.Folder, entry.Seen, entry.From, entry.ReceivedAt,
                content with { Attachments = content.Attachments ?? [], Cc = content.Cc ?? [] }, Flagged: entry.Flagged);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // The content is bound to its message id: moved under another id, it does not open.
    private static ContentPosition Position(Guid messageId) => new(messageId, 1, 1);
}

/// <summary>A folder of one's own: its number (what messages are filed under) and its name.</summary>
public sealed record OwnFolder(int Id, string Name);

/// <summary>Where a message goes: mailboxes of this platform, and addresses of other secure domains.</summary>
public sealed record MailRecipients(IReadOnlyList<Guid> Local, IReadOnlyList<string> Remote);

/// <summary>
/// What a message says, encrypted as a whole: subject, body, the sender's and recipients' addresses (or names as the
/// sender saw them), and its attachments (each file's id, name, type, size and key; the file itself encrypted apart,
/// under the message's id).
/// </summary>
public sealed record MailContent(string Subject, string Body, IReadOnlyList<string> To, IReadOnlyList<ItemBody> Attachments, string? From = null, IReadOnlyList<string>? Cc = null)
{
    /// <summary>What a reader sees of a message sealed to a version of the ring they do not hold (granted after it arrived).</summary>
    public static readonly MailContent Closed = new("", "", [], []);
}

/// <summary>A message of a mailbox, opened (<see cref="Readable"/> false: it arrived before the reader was granted).</summary>
public sealed record OpenMail(long Sequence, Guid MessageId, MailFolder Folder, bool Seen, Contracts.Practitioners.PractitionerId? From, DateTimeOffset ReceivedAt, MailContent Content, bool Readable = true, bool Flagged = false);
