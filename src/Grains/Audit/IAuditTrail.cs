namespace Collab.Grains.Audit;

/// <summary>
/// The append-only, tamper-evident trail every feature writes to. A completed call means the
/// events are committed; callers that change data record the trace before they acknowledge.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default);
}
