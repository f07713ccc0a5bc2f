namespace Collab.Testing;

/// <summary>A patient as a request sends it.</summary>
public sealed record TestPatient(string LastName = "Lebrun", string FirstName = "Marc", string BirthDate = "1961-07-08", string Sex = "Male", string? Nir = null);
