namespace Collab.Grains.Audit;

/// <summary>
/// One trace: who did what to which object, when and from where — never the content itself.
/// </summary>
public sealed record AuditEvent(
    AuditCategory Category,
    DateTimeOffset OccurredAt,
    string Actor,
    string? ActingFor,
    string Action,
    string ObjectType,
    string ObjectId,
    AuditOutcome Outcome,
    string? IpAddress,
    string? UserAgent);
