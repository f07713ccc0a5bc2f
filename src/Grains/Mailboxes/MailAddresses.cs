using Collab.Contracts;

namespace Collab.Grains.Mailboxes;

/// <summary>
/// The platform's secure mailbox addresses (<c>Mail:Domain</c>): a practitioner's is <c>firstname.lastname@domain</c>, or
/// <c>firstname.lastname2@domain</c> and so on when a namesake claimed it first (<see cref="IMailStore.AddressAsync"/>); a
/// shared mailbox's is <c>name.structure@domain</c>.
/// </summary>
public sealed record MailAddresses(string Domain)
{
    /// <summary>The part before the @ that a practitioner's address starts from.</summary>
    public string LocalPart(string firstName, string lastName) => $"{Part(firstName)}.{Part(lastName)}";

    /// <summary>A shared mailbox's address: <c>name.structure@domain</c> (<c>cardiologie.chu-exemple@…</c>).</summary>
    public string Shared(string name, string structureName) => $"{Part(name)}.{Part(structureName)}@{Domain}";

    /// <summary>Whether <paramref name="address"/> is of this platform's domain.</summary>
    public bool IsOurs(string address) => address.EndsWith("@" + Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>Lower case ASCII letters and digits; accents dropped, runs of anything else one hyphen ("Hélène Marie" → "helene-marie").</summary>
    public static string Part(string name) =>
        string.Join('-', new string([.. TextFold.Fold(name).Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
