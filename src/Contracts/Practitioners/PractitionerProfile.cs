namespace Collab.Contracts.Practitioners;

/// <summary>A practitioner's public professional profile.</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerProfile(
    [property: Id(0)] PractitionerId Id,
    [property: Id(1)] string LastName,
    [property: Id(2)] string FirstName,
    [property: Id(3)] Profession Profession,
    [property: Id(4)] ProfessionalIdentifier Identifier,
    [property: Id(5)] string Email,
    [property: Id(6)] DateTimeOffset RegisteredAt);
