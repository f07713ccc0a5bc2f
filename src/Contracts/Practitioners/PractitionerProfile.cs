namespace Collab.Contracts.Practitioners;

/// <summary>A practitioner's professional profile and account standing.</summary>
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
    [property: Id(11)] bool RedListed = false);

/// <summary>The outcome of a registration: the profile, and warnings that did not stop it.</summary>
[GenerateSerializer, Immutable]
public sealed record RegistrationResult(
    [property: Id(0)] PractitionerProfile Profile,
    [property: Id(1)] IReadOnlyList<Errors.FieldError> Warnings);

/// <summary>
/// What another practitioner sees of an account, by the directory's rules: the professional card (name,
/// profession, specialty, identifier, professional phone, structure). <see cref="Account"/> — the email, the
/// status, when it registered — only for the holder, the administrators of its structure and the operator.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerCard(
    [property: Id(0)] PractitionerId Id,
    [property: Id(1)] string LastName,
    [property: Id(2)] string FirstName,
    [property: Id(3)] Profession Profession,
    [property: Id(4)] ProfessionalIdentifier Identifier,
    [property: Id(5)] string? Specialty,
    [property: Id(6)] string? Phone,
    [property: Id(7)] Guid? Structure,
    [property: Id(8)] PractitionerAccountFacts? Account);

/// <summary>The account side of a <see cref="PractitionerCard"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerAccountFacts(
    [property: Id(0)] string Email,
    [property: Id(1)] AccountStatus Status,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] bool RedListed);

/// <summary>How a practitioner is named where an object the viewer may see refers to them (a consultation's parties, a group's members).</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerName(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] Profession Profession);
