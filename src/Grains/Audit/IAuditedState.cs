namespace Collab.Grains.Audit;

/// <summary>
/// Grain state that carries the audit records of its latest writes until the trail holds them
/// (a transactional outbox): the change and its record are committed together, in one state row.
/// </summary>
public interface IAuditedState
{
    List<AuditEvent> PendingAudit { get; }
}
