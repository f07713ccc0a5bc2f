namespace Collab.Contracts.Practitioners;

/// <summary>Which national register a professional identifier belongs to.</summary>
public enum IdentifierKind
{
    /// <summary>Répertoire partagé des professionnels de santé: 11 digits.</summary>
    Rpps = 1,
    /// <summary>Automatisation des listes: 9 digits.</summary>
    Adeli = 2,
}
