using Collab.Contracts.Practitioners;
using Collab.Web.Practitioners;

namespace Collab.Web.Account;

/// <summary>
/// The registration form. Enumerations arrive as names; an unknown name reaches the grain as an
/// undefined value so that every broken rule is reported together, by the code that owns it.
/// </summary>
public sealed record RegisterRequest(
    string? LastName,
    string? FirstName,
    string? Profession,
    IdentifierDto? Identifier,
    string? Email,
    string? Phone,
    string? Specialty,
    Guid? Structure,
    string? Password,
    bool AcceptTerms,
    string? Language = null)
{
    internal PractitionerRegistration ToRegistration() => new(
        LastName ?? "",
        FirstName ?? "",
        ParseName<Profession>(Profession),
        Identifier is null ? null! : new ProfessionalIdentifier(ParseName<IdentifierKind>(Identifier.Kind), Identifier.Number ?? ""),
        Email ?? "",
        string.IsNullOrWhiteSpace(Phone) ? null : Phone,
        string.IsNullOrWhiteSpace(Specialty) ? null : Specialty,
        Structure,
        Language: string.IsNullOrWhiteSpace(Language) ? null : Language.Trim().ToLowerInvariant());

    internal static T ParseName<T>(string? name)
        where T : struct, Enum =>
        name is not null && !name.Any(char.IsDigit) && Enum.TryParse<T>(name, ignoreCase: true, out var value) ? value : default;
}
