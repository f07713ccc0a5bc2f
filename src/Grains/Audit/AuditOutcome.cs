namespace Collab.Grains.Audit;

/// <summary>How the traced action ended.</summary>
public enum AuditOutcome : short
{
    Succeeded = 1,
    Refused = 2,
    Failed = 3,
}
