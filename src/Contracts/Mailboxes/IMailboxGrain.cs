using Collab.Contracts.Access;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Mailboxes;

/// <summary>
/// A secure mailbox (SPEC "Secure mailboxes"; issue 18, ADR 0012). A nominative one is keyed by its practitioner's id and
/// read by them alone; a shared one (organisational or applicative) is created by a structure's administrator under a new
/// id, read by the practitioners the administrator grants and, when applicative, by software with a receiving API key.
/// Messages arrive encrypted (<see cref="MailDelivery"/>): the grain stores and files them, never reads them. Every
/// opening is traced with the person (or key) behind it.
/// </summary>
public interface IMailboxGrain : IGrainWithGuidKey
{
    /// <summary>Creates a shared mailbox (an administrator of the structure); its address is claimed for good.</summary>
    Task<MailboxView> Create(SharedMailboxSpec spec, Caller caller);

    /// <summary>The mailbox (its readers; a shared one's administrators too, who see its readers and keys).</summary>
    Task<MailboxView> Get(Caller caller);

    /// <summary>What a message for this mailbox is sealed to; refused when nobody could read it.</summary>
    Task<MailSealingKey> GetSealingKey();

    /// <summary>A shared mailbox's ring as the caller holds it (a reader, or a receiving key).</summary>
    Task<IReadOnlyList<GroupKeyVersionView>> GetRing(Caller caller);

    /// <summary>Grants a practitioner of the structure the reading of a shared mailbox (its administrators).</summary>
    Task Grant(PractitionerId reader, Caller caller);

    /// <summary>
    /// Names another responsible professional of a shared mailbox (its administrators), a care provider of the structure:
    /// granted its reading if they were not. The mailbox belongs to the structure: it outlives whoever is responsible.
    /// </summary>
    Task SetResponsible(PractitionerId responsible, Caller caller);

    /// <summary>Withdraws a reader (not the responsible professional); the ring turns so that new mail is closed to them.</summary>
    Task Revoke(PractitionerId reader, Caller caller);

    /// <summary>The readers of a shared mailbox still missing versions of its ring that the caller (a reader) holds.</summary>
    Task<IReadOnlyList<PractitionerId>> AwaitingHistory(Caller caller);

    /// <summary>
    /// A reader's session seals the versions it holds to a reader granted later (their copies, by version), so that they
    /// read the mail that arrived before them too; versions they hold already are left as they are.
    /// </summary>
    Task ShareHistory(PractitionerId reader, IReadOnlyDictionary<int, byte[]> sealedVersions, Caller caller);

    /// <summary>Issues an API key of an applicative mailbox (its administrators); the secret is returned this once.</summary>
    Task<IssuedMailKey> IssueKey(MailKeyScopes scopes, Caller caller);

    /// <summary>Revokes an API key: it stops working at once.</summary>
    Task RevokeKey(Guid key, Caller caller);

    /// <summary>
    /// Checks an API key's secret for <paramref name="scope"/> and records its use; returns the caller software acts as
    /// from then on (the key's id, acting for this mailbox). A wrong, revoked or out-of-scope key is refused and traced.
    /// </summary>
    Task<Caller> Authenticate(string secret, MailKeyScopes scope, Caller caller);

    /// <summary>Whether <paramref name="caller"/> is one of this mailbox's keys, still valid for <paramref name="scope"/>.</summary>
    Task<bool> IsKey(Caller caller, MailKeyScopes scope);

    /// <summary>Counts as activity for the inactivity rule (a login of the holder).</summary>
    Task Touch();

    /// <summary>
    /// Files a message sent by the caller (an active care provider, or a sending key) in this mailbox's inbox, or in the
    /// sender's sent folder when this is their mailbox; returns its place. The same message id is filed once.
    /// </summary>
    Task<long> Deliver(MailDelivery delivery, Caller caller);

    /// <summary>
    /// Saves a draft of the holder's (a nominative mailbox only), sealed to them: a new one, or the draft with the same
    /// message id replaced. Sending it later files it in the sent folder in its place.
    /// </summary>
    Task<long> SaveDraft(MailDelivery draft, Caller caller);

    /// <summary>The holder's own folders (a nominative mailbox); null when they have none.</summary>
    Task<MailFolderList?> GetFolders(Caller caller);

    /// <summary>
    /// Replaces the holder's own folders; the messages of a folder that is no longer there go to the archive.
    /// </summary>
    Task SetFolders(MailFolderList folders, Caller caller);

    /// <summary>A page of a folder, newest first (a reader).</summary>
    Task<IReadOnlyList<MailEntry>> List(MailFolder folder, int skip, int take, Caller caller);

    /// <summary>One message; marks it seen (a reader; an audited access).</summary>
    Task<MailEntry> Open(long sequence, Caller caller);

    /// <summary>Moves a message to another folder (a reader).</summary>
    Task Move(long sequence, MailFolder folder, Caller caller);

    /// <summary>Flags a message to follow up, or clears its flag (a reader).</summary>
    Task Flag(long sequence, bool flagged, Caller caller);

    /// <summary>Deletes a message for good: its ciphertext and key leave the database (a reader).</summary>
    Task Delete(long sequence, Caller caller);
}
