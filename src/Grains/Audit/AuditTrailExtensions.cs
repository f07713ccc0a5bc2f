using Collab.Contracts.Access;

namespace Collab.Grains.Audit;

public static class AuditTrailExtensions
{
    /// <summary>Records one event for an action a caller took on an object.</summary>
    public static Task RecordAsync(
        this IAuditTrail trail,
        TimeProvider clock,
        Caller caller,
        AuditCategory category,
        string action,
        string objectType,
        string objectId,
        AuditOutcome outcome = AuditOutcome.Succeeded) =>
        trail.RecordAsync(
        [
            new AuditEvent(category, clock.GetUtcNow(), caller.Actor, caller.ActingFor, action,
                objectType, objectId, outcome, caller.IpAddress, caller.UserAgent),
        ]);
}
