using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;

namespace Collab.Grains.Mailboxes;

/// <summary>
/// A practitioner's nominative secure mailbox (its key is their id): messages arrive encrypted to them, are filed in
/// folders and opened by them alone, each opening traced. The grain gives each message its place (calls are one at a
/// time) and never holds a readable byte of it. Messages are destroyed 3 months after they arrived (the retention
/// reminder of ADR 0005, a signed certificate per batch).
/// </summary>
public sealed class MailboxGrain(IMailStore store, IAuditTrail audit, MailAddresses addresses, ICertificateSigner signer, TimeProvider clock)
    : Grain, IMailboxGrain, IRemindable
{
    private const string ObjectType = "mailbox";

    private bool _ticking;
    private string? _address;

    private Guid Id => this.GetPrimaryKey();

    public async Task<MailboxView> Get(Caller caller)
    {
        await RequireHolder(caller, "read this mailbox");
        if (_address is null)
        {
            var profile = (await Holder.GetProfile(caller))!;
            _address = await store.AddressAsync(Id, addresses.LocalPart(profile.FirstName, profile.LastName), addresses.Domain); // claimed for good
        }

        var (counts, unread) = await store.CountAsync(Id);
        return new MailboxView(Id, _address, new PractitionerId(Id), counts, unread);
    }

    public async Task<long> Deliver(MailDelivery delivery, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "send secure mail");
        if (await Holder.GetStanding() is not { Status: AccountStatus.Active, IsOperator: false })
        {
            throw DomainException.Invalid([new("to", "must be the address of an active practitioner's secure mailbox")]);
        }

        var errors = new List<FieldError>();
        if (delivery.MessageId == Guid.Empty)
        {
            errors.Add(new("messageId", "is required: a new id per message, the same on a retry"));
        }

        if (!KeyMaterialRules.IsSealedKey(delivery.SealedKey))
        {
            errors.Add(new("sealedKey", "must be the message key sealed to the mailbox's holder"));
        }

        if (delivery.Ciphertext is not { Length: > 0 and <= MailDelivery.MaxBytes } || delivery.Attachments is < 0 or > 100)
        {
            errors.Add(new("ciphertext", $"must be an encrypted message of at most {MailDelivery.MaxBytes / 1024 / 1024} MB"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var sender = caller.PractitionerId!.Value;
        var folder = sender == Id ? MailFolder.Sent : MailFolder.Inbox;
        var place = await store.AddAsync(Id, delivery, folder, sender, clock.GetUtcNow());
        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.deliver", ObjectType, Id.ToString());
        if (!_ticking)
        {
            await this.RegisterOrUpdateReminder(RetentionTimer.ReminderName, RetentionTimer.TickPeriod, RetentionTimer.TickPeriod);
            _ticking = true;
        }
        if (folder == MailFolder.Inbox)
        {
            Holder.Notify(ConsultationNotice.NewMail, Id).Ignore(); // that there is something, never what
        }

        return place;
    }

    public async Task<IReadOnlyList<MailEntry>> List(MailFolder folder, int skip, int take, Caller caller)
    {
        await RequireHolder(caller, "read this mailbox");
        if (!Enum.IsDefined(folder) || skip < 0 || take is < 1 or > 200)
        {
            throw DomainException.Invalid([new("take", "must be from 1 to 200, after a skip of 0 or more, in a folder of the mailbox")]);
        }

        var page = await store.ListAsync(Id, folder, skip, take);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "mailbox.read", ObjectType, Id.ToString());
        return page;
    }

    public async Task<MailEntry> Open(long sequence, Caller caller)
    {
        await RequireHolder(caller, "read this mailbox");
        var entry = await store.GetAsync(Id, sequence) ?? throw NoSuch(sequence);
        if (!entry.Seen)
        {
            await store.UpdateAsync(Id, sequence, null, seen: true);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Access, "mailbox.open", ObjectType, Id.ToString());
        return entry with { Seen = true };
    }

    public async Task Move(long sequence, MailFolder folder, Caller caller)
    {
        await RequireHolder(caller, "file messages of this mailbox");
        if (!Enum.IsDefined(folder))
        {
            throw DomainException.Invalid([new("folder", "must be a folder of the mailbox")]);
        }

        if (!await store.UpdateAsync(Id, sequence, folder, null))
        {
            throw NoSuch(sequence);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.move", ObjectType, Id.ToString());
    }

    public async Task Delete(long sequence, Caller caller)
    {
        await RequireHolder(caller, "delete messages of this mailbox");
        if (!await store.DeleteAsync(Id, sequence))
        {
            throw NoSuch(sequence);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.delete", ObjectType, Id.ToString());
    }

    /// <summary>
    /// The retention tick: messages that arrived more than <see cref="RetentionPolicy.Mailbox"/> days ago are destroyed —
    /// the certificate first (counts and the digest of the sealed keys going), then the rows with their keys.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionTimer.ReminderName)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var expired = await store.ArrivedBeforeAsync(Id, now - TimeSpan.FromDays(RetentionPolicy.Mailbox.Days));
        if (expired.Count > 0)
        {
            var keyIds = expired.Select(e => DeletionCertificate.KeyId($"mail{e.Sequence}:practitioner:{Id}", e.SealedKey)).ToList();
            var certificate = DeletionCertificate.Create(ObjectType, Id.ToString(), now, $"retention: messages received before {now.AddDays(-RetentionPolicy.Mailbox.Days):yyyy-MM-dd} ({RetentionPolicy.Mailbox.Days} days)",
                new Dictionary<string, long> { ["mailMessages"] = expired.Count, ["sealedMessageKeys"] = keyIds.Count }, keyIds).Sign(signer);
            await audit.RecordAsync([AuditEvent.Of(clock, Caller.System("retention"), AuditCategory.Functional, "mailbox.expire", ObjectType, Id.ToString(), detail: certificate.ToJson())]);
            await store.DeleteAsync(Id, [.. expired.Select(e => e.Sequence)]);
        }

        if ((await store.CountAsync(Id)).Counts.Values.Sum() == 0)
        {
            await RetentionTimer.StopAsync(this); // an empty mailbox has nothing to expire; the next message starts it again
            _ticking = false;
        }
    }

    private IPractitionerGrain Holder => GrainFactory.GetGrain<IPractitionerGrain>(Id);

    // The holder, active and a care provider; refusals are traced (the audit viewer lists them).
    private async Task RequireHolder(Caller caller, string action)
    {
        if (caller.PractitionerId != Id || await Holder.GetStanding() is not { Status: AccountStatus.Active, IsOperator: false })
        {
            await audit.RecordAsync(clock, caller, AuditCategory.Access, "mailbox.access", ObjectType, Id.ToString(), AuditOutcome.Refused);
            throw AccessRules.Forbidden(action);
        }
    }

    private static DomainException NoSuch(long sequence) => new(DomainErrorCode.NotFound, $"No message {sequence} in this mailbox.");
}
