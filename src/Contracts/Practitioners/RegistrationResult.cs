namespace Collab.Contracts.Practitioners;

/// <summary>The outcome of a registration: the profile, and warnings that did not stop it.</summary>
[GenerateSerializer, Immutable]
public sealed record RegistrationResult(
    [property: Id(0)] PractitionerProfile Profile,
    [property: Id(1)] IReadOnlyList<Errors.FieldError> Warnings);
