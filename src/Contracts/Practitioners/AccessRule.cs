namespace Collab.Contracts.Practitioners;

/// <summary>The unusual-access rules (thresholds in the UnusualAccess settings).</summary>
public enum AccessRule
{
    /// <summary>More distinct consultations (each about one patient) opened in one hour than the threshold.</summary>
    ManyPatients = 1,
    /// <summary>At least the threshold of refused accesses in one hour.</summary>
    RepeatedRefusals = 2,
    /// <summary>Health data opened during the quiet hours (by default 22:00–06:00, Paris time).</summary>
    QuietHours = 3,
}
