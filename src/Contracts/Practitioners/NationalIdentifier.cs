namespace Collab.Contracts.Practitioners;

/// <summary>
/// The national identifier of a health professional (IdNat_PS) as Pro Santé Connect gives it in <c>SubjectNameID</c>:
/// a type digit, then the number — "8" and the 11-digit RPPS, or "0" and the 9-digit ADELI.
/// </summary>
public static class NationalIdentifier
{
    /// <summary>The RPPS or ADELI number this identifier carries, or null when it is neither.</summary>
    public static ProfessionalIdentifier? Parse(string? nationalId) => nationalId switch
    {
        { Length: 12 } rpps when rpps[0] == '8' && rpps.All(char.IsAsciiDigit) => new ProfessionalIdentifier(IdentifierKind.Rpps, rpps[1..]),
        { Length: 10 } adeli when adeli[0] == '0' && adeli.All(char.IsAsciiDigit) => new ProfessionalIdentifier(IdentifierKind.Adeli, adeli[1..]),
        _ => null,
    };
}
