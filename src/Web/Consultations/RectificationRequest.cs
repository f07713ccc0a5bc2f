namespace Collab.Web.Consultations;

/// <summary>Whose identity to correct (the lookup, by the identity as it stands) and the corrected identity.</summary>
public sealed record RectificationRequest(PatientLookup? Lookup, PatientRequest? Patient);
