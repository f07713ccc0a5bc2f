namespace Collab.Contracts.Consultations;

/// <summary>What a participant downloaded.</summary>
public enum DownloadKind
{
    /// <summary>The PDF report.</summary>
    Report = 1,
    /// <summary>An attached file.</summary>
    File = 2,
    /// <summary>A structured export (a patient's right of access or portability, a user's own data).</summary>
    Export = 3,
}
