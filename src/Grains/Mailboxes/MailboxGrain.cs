using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Mailboxes;

/// <summary>
/// A secure mailbox (ADR 0012). A nominative one is keyed by its practitioner's id and read by them alone; a shared one
/// (<see cref="MailboxGrain"/>.Shared.cs) is read by the readers its structure's administrators grant, and software with
/// a receiving key. Messages arrive encrypted; the grain gives each its place (calls are one at a time), files it and
/// never holds a readable byte of it. Every opening is traced with the physical person (or key) behind it, acting for
/// the mailbox. Lifecycle (3-month retention, 12-month inactivity) in MailboxGrain.Lifecycle.cs.
/// </summary>
public sealed partial class MailboxGrain(
    [PersistentState("mailbox", StorageNames.Collab)] IPersistentState<MailboxState> state,
    IMailStore store, IAuditTrail audit, MailAddresses addresses, ICertificateSigner signer, TimeProvider clock, ILogger<MailboxGrain> logger)
    : Grain, IMailboxGrain, IRemindable
{
    private const string ObjectType = "mailbox";

    private bool _ticking;
    private string? _address;

    private Guid Id => this.GetPrimaryKey();

    private bool IsShared => state.State.Address is not null;

    public async Task<MailboxView> Get(Caller caller)
    {
        if (IsShared)
        {
            return await GetShared(caller);
        }

        await RequireReader(caller, "read this mailbox");
        var (counts, unread) = await store.CountAsync(Id);
        await StartAsync();
        return new MailboxView(Id, await AddressAsync(caller), new PractitionerId(Id), counts, unread);
    }

    public async Task<MailSealingKey> GetSealingKey()
    {
        if (IsShared)
        {
            return state.State.Versions is [.., var newest]
                ? new MailSealingKey(newest.Version, newest.PublicKey, state.State.Address!)
                : throw NotAMailbox();
        }

        if (await Holder.GetStanding() is not { Status: AccountStatus.Active, IsOperator: false })
        {
            throw NotAMailbox();
        }

        var profile = (await Holder.GetProfile(Caller.System("mail")))!;
        var key = await GrainFactory.Grain<IPractitionerKeysGrain>(Id).GetPublicKey();
        _address ??= await store.AddressAsync(Id, addresses.LocalPart(profile.FirstName, profile.LastName), addresses.Domain);
        return new MailSealingKey(0, key, _address);
    }

    public async Task<long> Deliver(MailDelivery delivery, Caller caller)
    {
        await RequireSender(caller);
        if (!IsShared && await Holder.GetStanding() is not { Status: AccountStatus.Active, IsOperator: false })
        {
            throw NotAMailbox();
        }

        Check(delivery);
        var sender = caller.PractitionerId ?? caller.MailboxId;
        var folder = sender == Id ? MailFolder.Sent : MailFolder.Inbox;
        var place = await store.AddAsync(Id, delivery, folder, caller.PractitionerId, clock.GetUtcNow());
        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.deliver", ObjectType, Id.ToString());
        await StartAsync(active: folder == MailFolder.Sent);
        if (folder == MailFolder.Inbox)
        {
            // That there is something, never what: to the holder, or a shared mailbox's responsible professional.
            GrainFactory.Grain<IPractitionerGrain>(IsShared ? state.State.Responsible : Id).Notify(ConsultationNotice.NewMail, Id).Ignore();
        }

        return place;
    }

    public async Task<long> SaveDraft(MailDelivery draft, Caller caller)
    {
        caller = await RequireReader(caller, "write drafts in this mailbox");
        if (IsShared)
        {
            throw AccessRules.Forbidden("write drafts in a shared mailbox");
        }

        Check(draft);
        var place = await store.AddAsync(Id, draft, MailFolder.Drafts, Id, clock.GetUtcNow());
        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.draft", ObjectType, Id.ToString());
        await StartAsync(active: true);
        return place;
    }

    public async Task<MailFolderList?> GetFolders(Caller caller)
    {
        await RequireReader(caller, "read this mailbox");
        return state.State.Folders;
    }

    public async Task SetFolders(MailFolderList folders, Caller caller)
    {
        caller = await RequireReader(caller, "file messages of this mailbox");
        if (IsShared)
        {
            throw AccessRules.Forbidden("keep folders of one's own in a shared mailbox");
        }

        if (folders.Ids.Count > MailFolderList.Most || folders.Ids.Distinct().Count() != folders.Ids.Count
            || folders.Ids.Any(id => id is < MailFolderList.First or >= MailFolderList.First + 1000)
            || !KeyMaterialRules.IsSealedKey(folders.SealedKey) || folders.Ciphertext is not { Length: > 0 and <= 64 * 1024 })
        {
            throw DomainException.Invalid([new("folders", $"must be at most {MailFolderList.Most} folders of one's own, their names encrypted to the holder")]);
        }

        foreach (var gone in state.State.Folders?.Ids.Except(folders.Ids) ?? [])
        {
            await store.MoveAllAsync(Id, (MailFolder)gone, MailFolder.Archive);
        }

        state.State.Folders = folders;
        await state.WriteAuditedAsync(audit, AuditEvent.Of(clock, caller, AuditCategory.Functional, "mailbox.folders", ObjectType, Id.ToString()), logger);
    }

    public async Task<IReadOnlyList<MailEntry>> List(MailFolder folder, int skip, int take, Caller caller)
    {
        caller = await RequireReader(caller, "read this mailbox");
        if (!IsFolder(folder) || skip < 0 || take is < 1 or > 200)
        {
            throw DomainException.Invalid([new("take", "must be from 1 to 200, after a skip of 0 or more, in a folder of the mailbox")]);
        }

        var page = await store.ListAsync(Id, folder, skip, take);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "mailbox.read", ObjectType, Id.ToString());
        return page;
    }

    public async Task<MailEntry> Open(long sequence, Caller caller)
    {
        caller = await RequireReader(caller, "read this mailbox");
        var entry = await store.GetAsync(Id, sequence) ?? throw NoSuch(sequence);
        if (!entry.Seen)
        {
            await store.UpdateAsync(Id, sequence, null, seen: true);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Access, "mailbox.open", ObjectType, Id.ToString());
        await StartAsync(active: true);
        return entry with { Seen = true };
    }

    public async Task Move(long sequence, MailFolder folder, Caller caller)
    {
        caller = await RequireReader(caller, "file messages of this mailbox");
        if (!IsFolder(folder))
        {
            throw DomainException.Invalid([new("folder", "must be a folder of the mailbox")]);
        }

        if (!await store.UpdateAsync(Id, sequence, folder, null))
        {
            throw NoSuch(sequence);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.move", ObjectType, Id.ToString());
    }

    public async Task Flag(long sequence, bool flagged, Caller caller)
    {
        caller = await RequireReader(caller, "file messages of this mailbox");
        if (!await store.UpdateAsync(Id, sequence, null, null, flagged))
        {
            throw NoSuch(sequence);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.flag", ObjectType, Id.ToString());
    }

    public async Task Delete(long sequence, Caller caller)
    {
        caller = await RequireReader(caller, "delete messages of this mailbox");
        if (!await store.DeleteAsync(Id, sequence))
        {
            throw NoSuch(sequence);
        }

        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "mailbox.delete", ObjectType, Id.ToString());
    }

    // What any filed message must be: an id, a key sealed as this mailbox takes it, a ciphertext within the limit.
    private void Check(MailDelivery delivery)
    {
        var errors = new List<FieldError>();
        if (delivery.MessageId == Guid.Empty)
        {
            errors.Add(new("messageId", "is required: a new id per message, the same on a retry"));
        }

        if (!KeyMaterialRules.IsSealedKey(delivery.SealedKey)
            || (IsShared ? !state.State.Versions.Exists(v => v.Version == delivery.KeyVersion) : delivery.KeyVersion != 0))
        {
            errors.Add(new("sealedKey", "must be the message key sealed to the mailbox (its holder, or its ring's newest version)"));
        }

        if (delivery.Ciphertext is not { Length: > 0 and <= MailDelivery.MaxBytes } || delivery.Attachments is < 0 or > 100)
        {
            errors.Add(new("ciphertext", $"must be an encrypted message of at most {MailDelivery.MaxBytes / 1024 / 1024} MB"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }
    }

    // One of the platform's folders, or of the holder's own.
    private bool IsFolder(MailFolder folder) => Enum.IsDefined(folder) || state.State.Folders?.Ids.Contains((int)folder) == true;

    private IPractitionerGrain Holder => GrainFactory.Grain<IPractitionerGrain>(Id);

    // A nominative mailbox's address, claimed once (a namesake's makes it firstname.lastname2).
    private async Task<string> AddressAsync(Caller caller)
    {
        if (_address is null)
        {
            var profile = (await Holder.GetProfile(caller))!;
            _address = await store.AddressAsync(Id, addresses.LocalPart(profile.FirstName, profile.LastName), addresses.Domain);
        }

        return _address;
    }

    // Who may send: an active care provider, a valid sending key of an applicative mailbox, or another secure operator.
    private async Task RequireSender(Caller caller)
    {
        if (caller.IsRelay)
        {
            return;
        }

        if (caller.MailKeyId is not null)
        {
            if (caller.MailboxId is { } from
                && (from == Id ? KeyAllows(caller.MailKeyId.Value, MailKeyScopes.Send) : await GrainFactory.Grain<IMailboxGrain>(from).IsKey(caller, MailKeyScopes.Send)))
            {
                return;
            }

            throw AccessRules.Forbidden("send secure mail with this key");
        }

        await AccessRules.RequireCareProvider(GrainFactory, caller, "send secure mail");
    }

    // A reader: the holder of a nominative mailbox; a granted reader (active care provider) or receiving key of a shared
    // one. Returns the caller as the audit trail records them (acting for a shared mailbox). Refusals are traced.
    private async Task<Caller> RequireReader(Caller caller, string action)
    {
        var allowed = IsShared
            ? caller.MailKeyId is { } key
                ? KeyAllows(key, MailKeyScopes.Receive) && caller.MailboxId == Id
                : caller.PractitionerId is { } reader && state.State.Readers.ContainsKey(reader) && await IsCareProvider(reader)
            : caller.PractitionerId == Id && await IsCareProvider(Id);
        if (!allowed)
        {
            await audit.RecordAsync(clock, caller, AuditCategory.Access, "mailbox.access", ObjectType, Id.ToString(), AuditOutcome.Refused);
            throw AccessRules.Forbidden(action);
        }

        return IsShared && caller.ActingFor is null ? caller with { ActingFor = Caller.MailboxPrefix + Id.ToString("D") } : caller;
    }

    private async Task<bool> IsCareProvider(Guid practitioner) =>
        await GrainFactory.Grain<IPractitionerGrain>(practitioner).GetStanding() is { Status: AccountStatus.Active, IsOperator: false };

    private static DomainException NoSuch(long sequence) => new(DomainErrorCode.NotFound, $"No message {sequence} in this mailbox.");

    private static DomainException NotAMailbox() => DomainException.Invalid([new("to", "must be the address of a secure mailbox of the platform")]);
}
