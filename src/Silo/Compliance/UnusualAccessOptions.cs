namespace Collab.Silo.Compliance;

/// <summary>Settings under <c>UnusualAccess:</c>: the thresholds of the unusual-access rules.</summary>
public sealed record UnusualAccessOptions
{
    /// <summary>A flag when an account opens more distinct consultations (patients) than this in one hour.</summary>
    public int PatientsPerHour { get; init; } = 30;

    /// <summary>A flag when an account is refused at least this many times in one hour.</summary>
    public int RefusalsPerHour { get; init; } = 5;

    /// <summary>Start of the quiet hours, Paris time (0–23). Equal to <see cref="QuietHoursEnd"/> turns the rule off.</summary>
    public int QuietHoursStart { get; init; } = 22;

    /// <summary>End of the quiet hours, Paris time (0–23), exclusive.</summary>
    public int QuietHoursEnd { get; init; } = 6;

    /// <summary>A flag when an account opens at least this many distinct consultations during one night's quiet hours.</summary>
    public int QuietHoursPatients { get; init; } = 1;

    /// <summary>How often the detector reads the new traces.</summary>
    public TimeSpan ScanEvery { get; init; } = TimeSpan.FromMinutes(10);
}
