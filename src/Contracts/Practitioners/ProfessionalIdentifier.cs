namespace Collab.Contracts.Practitioners;

/// <summary>An RPPS or ADELI number, as validated by the practitioner grain.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfessionalIdentifier(
    [property: Id(0)] IdentifierKind Kind,
    [property: Id(1)] string Number);
