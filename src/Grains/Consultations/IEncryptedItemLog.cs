using Collab.Grains.Audit;

namespace Collab.Grains.Consultations;

/// <summary>
/// The append-only store of encrypted items (messages, notes) of consultations, conversations and
/// mailboxes: grows without bound, so it lives outside grain state.
/// </summary>
public interface IEncryptedItemLog
{
    /// <summary>
    /// Appends one item and its audit record in one commit (shared with other appends arriving together);
    /// false, with nothing recorded, when its sequence or its client id is taken already.
    /// </summary>
    Task<bool> AppendAsync(Guid ownerId, NewItem item, AuditEvent record, CancellationToken cancellationToken = default);

    /// <summary>The sequence an item with this client id was stored at, if any (a retried send).</summary>
    Task<long?> SequenceOfAsync(Guid ownerId, Guid clientId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredItem>> ReadAsync(Guid ownerId, long fromSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence stored for <paramref name="ownerId"/>, or 0.</summary>
    Task<long> LastSequenceAsync(Guid ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases the ciphertext of <paramref name="author"/>'s item at <paramref name="sequence"/>, keeping a
    /// tombstone; false when there is no such item of theirs (or it is erased already).
    /// </summary>
    Task<bool> EraseAsync(Guid ownerId, long sequence, Guid author, DateTimeOffset at, CancellationToken cancellationToken = default);
}
