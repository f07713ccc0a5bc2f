namespace Collab.Grains.Consultations;

/// <summary>
/// The append-only store of encrypted items (messages, notes) of consultations, conversations and
/// mailboxes: grows without bound, so it lives outside grain state.
/// </summary>
public interface IEncryptedItemLog
{
    /// <summary>Appends one item; false when <paramref name="sequence"/> (or <paramref name="clientId"/>) is taken already.</summary>
    Task<bool> AppendAsync(Guid ownerId, long sequence, int epoch, byte[] ciphertext, DateTimeOffset postedAt, Guid clientId, CancellationToken cancellationToken = default);

    /// <summary>The sequence an item with this client id was stored at, if any (a retried send).</summary>
    Task<long?> SequenceOfAsync(Guid ownerId, Guid clientId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredItem>> ReadAsync(Guid ownerId, long fromSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence stored for <paramref name="ownerId"/>, or 0.</summary>
    Task<long> LastSequenceAsync(Guid ownerId, CancellationToken cancellationToken = default);
}

public sealed record StoredItem(long Sequence, int Epoch, byte[] Ciphertext, DateTimeOffset PostedAt);
