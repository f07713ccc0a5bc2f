namespace Collab.Grains.Audit;

/// <summary>Trace categories, each with its own retention (SPEC "Security, traceability and retention").</summary>
public enum AuditCategory : short
{
    /// <summary>Reads of health data and logins: kept 6 months.</summary>
    Access = 1,
    /// <summary>Technical traces: kept 1 year.</summary>
    Technical = 2,
    /// <summary>Functional traces (creations, decisions, deletions): kept 10 years.</summary>
    Functional = 3,
}
