using Collab.Contracts.Consultations;

namespace Collab.Grains.Consultations;

/// <summary>
/// Where inboxes and statistics find consultations: parties, status, dates and act code of each,
/// never health data. Written by the consultation grain after each change.
/// </summary>
public interface IConsultationIndex
{
    Task UpsertAsync(ConsultationIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<InboxEntry>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A consultation as the index stores it.</summary>
public sealed record ConsultationIndexEntry(InboxEntry Entry, DateTimeOffset? AnsweredAt, string? ActCode);

/// <summary>
/// An inbox query: <see cref="InboxBox.Sent"/> and <see cref="InboxBox.Received"/> look at
/// <see cref="Practitioner"/>, <see cref="InboxBox.Groups"/> at <see cref="Groups"/>. A request shows in
/// the required party's boxes once it was sent (a draft, even cancelled, is the requester's only).
/// </summary>
public sealed record InboxQuery(Guid Practitioner, IReadOnlyList<Guid> Groups, InboxBox Box, ConsultationStatus? Status, int Limit);

/// <summary>
/// Encrypted attachment files: the <see cref="Crypto.AttachmentCipher"/> stream of each, stored as
/// chunks. Only ciphertext passes through.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the encrypted stream of a file; replaces nothing (a second write of the same id fails).</summary>
    Task WriteAsync(Guid ownerId, Guid fileId, Stream ciphertext, CancellationToken cancellationToken = default);

    /// <summary>Copies the encrypted stream of a file to <paramref name="destination"/>; false when there is no such file.</summary>
    Task<bool> ReadAsync(Guid ownerId, Guid fileId, Stream destination, CancellationToken cancellationToken = default);
}
