namespace Collab.Web.Consultations;

/// <summary>Whose consultations to erase.</summary>
public sealed record ErasureRequest(PatientLookup? Lookup);
