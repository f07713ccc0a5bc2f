using System.Net.Mail;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;

namespace Collab.Grains.Practitioners;

/// <summary>The input rules of a practitioner profile. Field names are those of the public API.</summary>
public static class PractitionerRules
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    public static IReadOnlyList<FieldError> Check(PractitionerRegistration registration)
    {
        var errors = new List<FieldError>();
        CheckName(errors, "lastName", registration.LastName);
        CheckName(errors, "firstName", registration.FirstName);

        if (!Enum.IsDefined(registration.Profession))
        {
            errors.Add(new("profession", "must be one of: " + string.Join(", ", Enum.GetNames<Profession>())));
        }

        if (registration.Identifier is null)
        {
            errors.Add(new("identifier", "is required"));
        }
        else
        {
            CheckIdentifier(errors, registration.Identifier);
        }

        CheckEmail(errors, registration.Email);
        CheckContact(errors, registration.Phone, registration.Specialty);

        if (registration.Language is { } language && !IsLanguage(language))
        {
            errors.Add(new("language", LanguageRule));
        }

        return errors;
    }

    public const int MaxAddressLength = 300;
    public const int MaxPlaces = 5;

    /// <summary>The rules of what the holder may change in their profile (phone, specialty, address, places of practice).</summary>
    public static IReadOnlyList<FieldError> Check(ProfileChange change)
    {
        var errors = new List<FieldError>();
        CheckContact(errors, change.Phone, change.Specialty);
        if (change.Address is { } address && (address.Length > MaxAddressLength || address.Any(c => char.IsControl(c) && c is not '\n' and not '\r')))
        {
            errors.Add(new("address", $"must be at most {MaxAddressLength} characters, without control characters"));
        }

        if (change.Places is { } places && (places.Count > MaxPlaces || places.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > MaxNameLength || p.Any(char.IsControl))))
        {
            errors.Add(new("places", $"at most {MaxPlaces} places, each named in 1 to {MaxNameLength} characters"));
        }

        return errors;
    }

    private static void CheckContact(List<FieldError> errors, string? phone, string? specialty)
    {
        if (phone is { } number && !IsPhone(number))
        {
            errors.Add(new("phone", "must be a phone number such as +33612345678 or 0612345678"));
        }

        if (specialty is { Length: > MaxNameLength })
        {
            errors.Add(new("specialty", $"must be at most {MaxNameLength} characters"));
        }
    }

    /// <summary>The rule a language breaks when it is not one notices are written in.</summary>
    public static readonly string LanguageRule = "must be one of: " + string.Join(", ", Notifications.Notices.Languages);

    /// <summary>Whether notices are written in this language.</summary>
    public static bool IsLanguage(string language) => Notifications.Notices.Languages.Contains(language);

    private static bool IsPhone(string phone)
    {
        var digits = phone.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        var body = digits.StartsWith('+') ? digits[1..] : digits;
        return body.Length is >= 8 and <= 15 && body.All(char.IsAsciiDigit);
    }

    private static void CheckName(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required"));
        }
        else if (value.Length > MaxNameLength)
        {
            errors.Add(new(field, $"must be at most {MaxNameLength} characters"));
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(new(field, "must not contain control characters"));
        }
    }

    private static void CheckIdentifier(List<FieldError> errors, ProfessionalIdentifier identifier)
    {
        var (digits, name) = identifier.Kind switch
        {
            IdentifierKind.Rpps => (11, "RPPS"),
            IdentifierKind.Adeli => (9, "ADELI"),
            _ => (0, ""),
        };
        if (digits == 0)
        {
            errors.Add(new("identifier.kind", "must be Rpps or Adeli"));
            return;
        }

        var number = identifier.Number ?? "";
        if (number.Length != digits || !number.All(char.IsAsciiDigit))
        {
            errors.Add(new("identifier.number", $"an {name} number is exactly {digits} digits"));
        }
    }

    /// <summary>What does not stop a registration but deserves a second look (an RPPS check digit that does not match).</summary>
    public static IReadOnlyList<FieldError> Warnings(PractitionerRegistration registration) =>
        registration.Identifier is { Kind: IdentifierKind.Rpps, Number: { Length: 11 } number } && number.All(char.IsAsciiDigit) && !PassesLuhn(number)
            ? [new("identifier.number", "its last digit (a Luhn check digit) does not match: please check the RPPS number")]
            : [];

    /// <summary>Whether an identifier's number checks out: an RPPS's last digit is its Luhn check digit; an ADELI has none.</summary>
    public static bool ChecksOut(ProfessionalIdentifier identifier) =>
        identifier.Kind != IdentifierKind.Rpps || (identifier.Number is { Length: 11 } n && n.All(char.IsAsciiDigit) && PassesLuhn(n));

    // The RPPS check digit is the Luhn (mod 10) digit over the first ten: a mistyped digit or two
    // swapped neighbours fail here instead of reaching the wrong practitioner.
    internal static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    /// <summary>The rules of an email address (a new one for an account, say).</summary>
    public static IReadOnlyList<FieldError> CheckEmail(string? email)
    {
        var errors = new List<FieldError>();
        CheckEmail(errors, email);
        return errors;
    }

    private static void CheckEmail(List<FieldError> errors, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add(new("email", "is required"));
            return;
        }

        if (email.Length > MaxEmailLength)
        {
            errors.Add(new("email", $"must be at most {MaxEmailLength} characters"));
            return;
        }

        // MailAddress accepts display names ("Dr X <x@y>"); we want the bare address only.
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(new("email", "must be a single email address such as name@hospital.fr"));
        }
    }
}
