using Collab.Contracts.Access;

namespace Collab.Contracts.Statistics;

/// <summary>Statistics over the consultation index. Stateless: use key 0.</summary>
public interface IStatisticsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The activity received and sent by <paramref name="structure"/> (its administrators, the operator) or by the whole
    /// platform (null: the operator) for requests sent from <paramref name="from"/> to <paramref name="to"/> (both
    /// included, at most 5 years). Counts from 1 to 4 are masked; practitioners are named only to their own structure's
    /// administrators. InvalidInput for a reversed or too long period; audited.
    /// </summary>
    Task<ConsultationStatistics> Read(Guid? structure, DateOnly from, DateOnly to, Caller caller);
}
