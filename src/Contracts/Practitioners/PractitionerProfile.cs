namespace Collab.Contracts.Practitioners;

/// <summary>
/// A practitioner's professional profile and account standing; <see cref="Language"/> is the one their emails and SMS
/// are written in (fr, en); <see cref="Address"/> the professional address and <see cref="Places"/> the places of practice
/// (a service, a practice), as the holder keeps them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerProfile(
    [property: Id(0)] PractitionerId Id,
    [property: Id(1)] string LastName,
    [property: Id(2)] string FirstName,
    [property: Id(3)] Profession Profession,
    [property: Id(4)] ProfessionalIdentifier Identifier,
    [property: Id(5)] string Email,
    [property: Id(6)] DateTimeOffset RegisteredAt,
    [property: Id(7)] string? Phone = null,
    [property: Id(8)] string? Specialty = null,
    [property: Id(9)] Guid? Structure = null,
    [property: Id(10)] AccountStatus Status = AccountStatus.Pending,
    [property: Id(11)] bool RedListed = false,
    [property: Id(12)] string Language = "fr",
    [property: Id(13)] string? Address = null,
    [property: Id(14)] IReadOnlyList<string>? Places = null);
