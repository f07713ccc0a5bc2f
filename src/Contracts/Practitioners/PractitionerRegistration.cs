namespace Collab.Contracts.Practitioners;

/// <summary>What a new practitioner account starts from. Validated by the grain.</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerRegistration(
    [property: Id(0)] string LastName,
    [property: Id(1)] string FirstName,
    [property: Id(2)] Profession Profession,
    [property: Id(3)] ProfessionalIdentifier Identifier,
    [property: Id(4)] string Email);
