namespace Collab.Contracts.Consultations;

/// <summary>Where the act stands with the health insurance.</summary>
public enum BillingStatus
{
    /// <summary>No act to bill (not answered, or answered without an act code).</summary>
    None = 0,
    /// <summary>Answered with an act code, not yet billed.</summary>
    ToBill = 1,
    /// <summary>Billed.</summary>
    Billed = 2,
}
