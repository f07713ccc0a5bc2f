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
