using System.Globalization;
using System.Numerics;

namespace Collab.Grains.Consultations;

/// <summary>
/// The French social security number (NIR): 13 characters and a 2-digit key = 97 − (number mod 97).
/// Corsica's departments 2A and 2B count as 19 and 18 for the key (the number is read with 2A →
/// subtract 1,000,000 and 2B → subtract 2,000,000 from the value with "20" in their place).
/// </summary>
public static class Nir
{
    /// <summary>Why a NIR is refused, or null when it is valid. Spaces are ignored.</summary>
    public static string? Problem(string? nir)
    {
        var compact = (nir ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length != 15)
        {
            return "a NIR is 13 characters and a 2-digit key (15 in all)";
        }

        var body = compact[..13];
        var key = compact[13..];
        var corsica = body[5..7] is "2A" or "2B";
        if (!key.All(char.IsAsciiDigit) || !(corsica ? body.Remove(5, 2) : body).All(char.IsAsciiDigit))
        {
            return "a NIR has digits only (2A or 2B for Corsica in the department)";
        }

        if (body[0] is not ('1' or '2' or '3' or '4' or '7' or '8'))
        {
            return "a NIR starts with 1 or 2 (or 3, 4, 7, 8 for temporary numbers)";
        }

        var number = BigInteger.Parse(corsica ? body.Remove(5, 2).Insert(5, "20") : body, CultureInfo.InvariantCulture);
        if (body[5..7] == "2A")
        {
            number -= 1_000_000;
        }
        else if (body[5..7] == "2B")
        {
            number -= 2_000_000;
        }

        var expected = 97 - (int)(number % 97);
        return int.Parse(key, CultureInfo.InvariantCulture) == expected ? null : "the key (last 2 digits) does not match: please check the NIR";
    }
}
