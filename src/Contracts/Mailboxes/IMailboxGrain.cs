using Collab.Contracts.Access;

namespace Collab.Contracts.Mailboxes;

/// <summary>
/// A secure mailbox (SPEC "Secure mailboxes"; issue 18). This first kind is nominative: one per practitioner, keyed by
/// their id, readable by them alone. Messages arrive encrypted (<see cref="MailDelivery"/>): the grain stores and files
/// them, never reads them. Every opening is traced.
/// </summary>
public interface IMailboxGrain : IGrainWithGuidKey
{
    /// <summary>The mailbox (its holder only).</summary>
    Task<MailboxView> Get(Caller caller);

    /// <summary>
    /// Files a message sent by the caller (an active care provider) in this mailbox's inbox, or in the caller's own
    /// sent folder when this is their mailbox; returns its place. The same message id is filed once.
    /// </summary>
    Task<long> Deliver(MailDelivery delivery, Caller caller);

    /// <summary>A page of a folder, newest first (the holder only).</summary>
    Task<IReadOnlyList<MailEntry>> List(MailFolder folder, int skip, int take, Caller caller);

    /// <summary>One message; marks it seen (the holder only; an audited access).</summary>
    Task<MailEntry> Open(long sequence, Caller caller);

    /// <summary>Moves a message to another folder (the holder only).</summary>
    Task Move(long sequence, MailFolder folder, Caller caller);

    /// <summary>Deletes a message for good: its ciphertext and key leave the database (the holder only).</summary>
    Task Delete(long sequence, Caller caller);
}
