using Collab.Contracts.Keys;

namespace Collab.Contracts.Practitioners;

/// <summary>What a new account starts from. Validated by the grain. <see cref="Language"/>: the one the registration form was shown in (French when unknown).</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerRegistration(
    [property: Id(0)] string LastName,
    [property: Id(1)] string FirstName,
    [property: Id(2)] Profession Profession,
    [property: Id(3)] ProfessionalIdentifier Identifier,
    [property: Id(4)] string Email,
    [property: Id(5)] string? Phone = null,
    [property: Id(6)] string? Specialty = null,
    [property: Id(7)] Guid? Structure = null,
    [property: Id(8)] int AcceptedTermsVersion = 0,
    [property: Id(9)] UserKeyMaterial? Keys = null,
    [property: Id(10)] string? Language = null);
