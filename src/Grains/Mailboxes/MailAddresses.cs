using Collab.Contracts;

namespace Collab.Grains.Mailboxes;

/// <summary>
/// The platform's secure mailbox addresses (<c>Mail:Domain</c>): a practitioner's is <c>firstname.lastname@domain</c>, or
/// <c>firstname.lastname2@domain</c> and so on when a namesake claimed it first (<see cref="IMailStore.AddressAsync"/>).
/// </summary>
public sealed record MailAddresses(string Domain)
{
    /// <summary>The part before the @ that a practitioner's address starts from.</summary>
    public string LocalPart(string firstName, string lastName) => $"{Part(firstName)}.{Part(lastName)}";

    // Lower case ASCII letters and digits; accents dropped, anything else a hyphen ("Hélène-Marie" → "helene-marie").
    private static string Part(string name) =>
        new string([.. TextFold.Fold(name).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
}
