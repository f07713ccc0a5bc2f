namespace Collab.Web.Consultations;

/// <summary>Whether the patient opposes electronic exchange (a reason is required when they do).</summary>
public sealed record OppositionRequest(PatientLookup? Lookup, bool Opposes, string? Reason);
