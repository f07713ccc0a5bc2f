using Collab.Contracts.Access;

namespace Collab.Grains.Audit;

public static class AuditTrailExtensions
{
    /// <summary>
    /// Records one event for an action that changed nothing (a read, a refusal). Writes go through
    /// <see cref="AuditedState.WriteAuditedAsync"/> instead, so the record commits with the change.
    /// </summary>
    public static Task RecordAsync(
        this IAuditTrail trail,
        TimeProvider clock,
        Caller caller,
        AuditCategory category,
        string action,
        string objectType,
        string objectId,
        AuditOutcome outcome = AuditOutcome.Succeeded,
        string? detail = null) =>
        trail.RecordAsync([AuditEvent.Of(clock, caller, category, action, objectType, objectId, outcome, detail)]);
}
