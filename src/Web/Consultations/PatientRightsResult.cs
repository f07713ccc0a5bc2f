namespace Collab.Web.Consultations;

/// <summary>The consultations changed.</summary>
public sealed record PatientRightsResult(IReadOnlyList<Guid> Consultations);
