using Collab.Contracts.Mailboxes;

namespace Collab.Grains.Mailboxes;

/// <summary>
/// The messages of mailboxes: ciphertext, the sealed key and what a list shows (folder, seen, sender, arrival, size).
/// Nothing readable of the content passes through.
/// </summary>
public interface IMailStore
{
    /// <summary>
    /// The mailbox's address: the one it claimed before, else <paramref name="local"/>@<paramref name="domain"/> when free,
    /// else <paramref name="local"/>2, 3… (claimed for good).
    /// </summary>
    Task<string> AddressAsync(Guid mailbox, string local, string domain, CancellationToken cancellationToken = default);

    /// <summary>Claims <paramref name="address"/> for a shared mailbox; false when it is taken.</summary>
    Task<bool> ClaimAsync(Guid mailbox, string address, MailboxKind kind, Guid? structure, CancellationToken cancellationToken = default);

    /// <summary>The mailbox an address of the platform belongs to (case ignored); null when none.</summary>
    Task<Guid?> MailboxOfAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Records who reads a shared mailbox (what a practitioner's webmail lists; the grain decides access).</summary>
    Task SetReadersAsync(Guid mailbox, IReadOnlyCollection<Guid> readers, CancellationToken cancellationToken = default);

    /// <summary>The shared mailboxes <paramref name="reader"/> reads and/or of <paramref name="structure"/>, by address.</summary>
    Task<IReadOnlyList<Guid>> SharedAsync(Guid? reader, Guid? structure, CancellationToken cancellationToken = default);

    /// <summary>Deletes the attachment files stored under <paramref name="message"/> when no mailbox holds it (a delivery that failed).</summary>
    Task ForgetFilesAsync(Guid message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Files a message at the next place of its mailbox; the place it already has when the same message id was filed —
    /// except a draft, replaced by what is filed under its id (a draft saved again, or sent).
    /// </summary>
    Task<long> AddAsync(Guid mailbox, MailDelivery delivery, MailFolder folder, Guid? from, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>A page of a folder, newest first.</summary>
    Task<IReadOnlyList<MailEntry>> ListAsync(Guid mailbox, MailFolder folder, int skip, int take, CancellationToken cancellationToken = default);

    Task<MailEntry?> GetAsync(Guid mailbox, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Sets the folder, the seen flag and/or the follow-up flag; false when there is no such message.</summary>
    Task<bool> UpdateAsync(Guid mailbox, long sequence, MailFolder? folder, bool? seen, bool? flagged = null, CancellationToken cancellationToken = default);

    /// <summary>Moves every message of a folder to another.</summary>
    Task MoveAllAsync(Guid mailbox, MailFolder from, MailFolder to, CancellationToken cancellationToken = default);

    /// <summary>Deletes a message (row, ciphertext and sealed key); false when there is none.</summary>
    Task<bool> DeleteAsync(Guid mailbox, long sequence, CancellationToken cancellationToken = default);

    /// <summary>The messages that arrived before <paramref name="before"/>: their places and sealed keys (what an expiry destroys).</summary>
    Task<IReadOnlyList<(long Sequence, byte[] SealedKey)>> ArrivedBeforeAsync(Guid mailbox, DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Deletes the messages at <paramref name="sequences"/>; returns how many went.</summary>
    Task<int> DeleteAsync(Guid mailbox, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default);

    /// <summary>How many messages each folder holds, and how many in the inbox are unseen.</summary>
    Task<(IReadOnlyDictionary<MailFolder, int> Counts, int Unread)> CountAsync(Guid mailbox, CancellationToken cancellationToken = default);
}
