namespace Collab.Contracts.Practitioners;

/// <summary>Which national register a professional identifier belongs to.</summary>
public enum IdentifierKind
{
    /// <summary>Répertoire partagé des professionnels de santé: 11 digits.</summary>
    Rpps = 1,
    /// <summary>Automatisation des listes: 9 digits.</summary>
    Adeli = 2,
}

/// <summary>An RPPS or ADELI number, as validated by the practitioner grain.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfessionalIdentifier(
    [property: Id(0)] IdentifierKind Kind,
    [property: Id(1)] string Number);
