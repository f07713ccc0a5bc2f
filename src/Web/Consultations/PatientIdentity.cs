namespace Collab.Web.Consultations;

/// <summary>The patient as the request names them. Encrypted as one field.</summary>
public sealed record PatientIdentity(string LastName, string FirstName, DateOnly BirthDate, PatientSex Sex, string? Nir);
