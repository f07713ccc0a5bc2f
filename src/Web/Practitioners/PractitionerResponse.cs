using Collab.Contracts.Practitioners;

namespace Collab.Web.Practitioners;

/// <summary>
/// A practitioner: the professional card anyone active may see (as in the directory), and the account's facts
/// (email, status, registration time, the identity document a pending account sent) for the holder, the structure's administrators and the operator — null otherwise.
/// </summary>
public sealed record PractitionerResponse(
    Guid Id,
    string LastName,
    string FirstName,
    Profession Profession,
    IdentifierDto Identifier,
    string? Email,
    string? Phone,
    string? Specialty,
    Guid? Structure,
    AccountStatus? Status,
    DateTimeOffset? RegisteredAt,
    IdentityDocumentInfo? IdentityDocument = null)
{
    internal static PractitionerResponse From(PractitionerProfile p) => new(
        p.Id.Value, p.LastName, p.FirstName, p.Profession, new IdentifierDto(p.Identifier.Kind.ToString(), p.Identifier.Number),
        p.Email, p.Phone, p.Specialty, p.Structure, p.Status, p.RegisteredAt);

    internal static PractitionerResponse From(PractitionerCard c) => new(
        c.Id.Value, c.LastName, c.FirstName, c.Profession, new IdentifierDto(c.Identifier.Kind.ToString(), c.Identifier.Number),
        c.Account?.Email, c.Phone, c.Specialty, c.Structure, c.Account?.Status, c.Account?.RegisteredAt,
        c.Account?.IdentityDocument);
}
