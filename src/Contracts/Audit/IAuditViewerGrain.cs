using Collab.Contracts.Access;

namespace Collab.Contracts.Audit;

/// <summary>
/// Reads the audit trail for structure administrators (their structure's users only) and operators
/// (everything). Every query is itself traced.
/// </summary>
public interface IAuditViewerGrain : IGrainWithIntegerKey
{
    /// <summary>Newest first, at most <see cref="AuditQuery.Limit"/> rows; Forbidden to anyone but an operator or the structure's administrator.</summary>
    Task<IReadOnlyList<AuditRow>> Query(AuditQuery query, Caller caller);

    /// <summary>The latest unusual-access flags (at most 200, newest first) of a structure's users, or of everyone for an operator (null structure). Traced like a query.</summary>
    Task<IReadOnlyList<FlagRow>> Flags(Guid? structure, Caller caller);
}
