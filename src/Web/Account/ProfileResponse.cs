using Collab.Contracts.Practitioners;
using Collab.Web.Practitioners;

namespace Collab.Web.Account;

/// <summary>
/// The holder's own profile as they edit it: who they are (fixed at registration), how colleagues reach them, and their
/// choices (directory red list, notices by SMS, language of emails and SMS); whether the email address is proved, and
/// the new one waiting for its code.
/// </summary>
public sealed record ProfileResponse(
    Guid Id,
    string LastName,
    string FirstName,
    Profession Profession,
    IdentifierDto Identifier,
    string Email,
    string? Phone,
    string? Specialty,
    string? Address,
    IReadOnlyList<string> Places,
    bool RedListed,
    bool SmsNotifications,
    string Language,
    bool EmailProved,
    string? PendingEmail)
{
    internal static ProfileResponse From(PractitionerProfile p, bool sms, PractitionerAccountFacts? facts) => new(
        p.Id.Value, p.LastName, p.FirstName, p.Profession, new IdentifierDto(p.Identifier.Kind.ToString(), p.Identifier.Number),
        p.Email, p.Phone, p.Specialty, p.Address, p.Places ?? [], p.RedListed, sms, p.Language, facts?.EmailProved ?? false, facts?.PendingEmail);
}
