namespace Collab.Contracts.Practitioners;

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
