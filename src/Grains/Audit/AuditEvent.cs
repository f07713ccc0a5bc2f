using Collab.Contracts.Access;

namespace Collab.Grains.Audit;

/// <summary>
/// One trace: who did what to which object, when and from where — never the content itself.
/// <see cref="Id"/> makes recording idempotent: a grain may hand the same event over again after a
/// crash, and the trail keeps it once. <see cref="Detail"/> carries structured, content-free facts
/// some events need (a deletion certificate, a purge record); it is part of the hash chain.
/// </summary>
public sealed record AuditEvent(
    Guid Id,
    AuditCategory Category,
    DateTimeOffset OccurredAt,
    string Actor,
    string? ActingFor,
    string Action,
    string ObjectType,
    string ObjectId,
    AuditOutcome Outcome,
    string? IpAddress,
    string? UserAgent,
    string? Detail = null)
{
    /// <summary>An event for <paramref name="caller"/>'s action, now, with a new time-ordered id.</summary>
    public static AuditEvent Of(
        TimeProvider clock, Caller caller, AuditCategory category, string action, string objectType, string objectId,
        AuditOutcome outcome = AuditOutcome.Succeeded, string? detail = null)
    {
        var now = clock.GetUtcNow();
        return new(Guid.CreateVersion7(now), category, now, caller.Actor, caller.ActingFor, action, objectType, objectId,
            outcome, caller.IpAddress, caller.UserAgent, detail);
    }
}
