using Collab.Contracts.Audit;

namespace Collab.Grains.Audit;

/// <summary>Reads the audit trail (the viewer's port). Access is decided by the caller, <see cref="AuditViewerGrain"/>.</summary>
public interface IAuditQuery
{
    Task<IReadOnlyList<AuditRow>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Unusual-access flags, newest first, of a structure's users (null: all).</summary>
    Task<IReadOnlyList<FlagRow>> FlagsAsync(Guid? structure, int limit, CancellationToken cancellationToken = default);
}
