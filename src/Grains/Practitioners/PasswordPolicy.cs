using System.Globalization;
using Collab.Contracts.Errors;

namespace Collab.Grains.Practitioners;

/// <summary>
/// Password rules after ASVS 5.0 §6.2: 12 to 128 characters (any characters, spaces included), not a
/// common password, not built from the account's own name or email. No composition rules, no forced
/// rotation.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = LoadCommon();

    public static IReadOnlyList<FieldError> Check(string? password, params string?[] personalWords)
    {
        var length = password is null ? 0 : new StringInfo(password).LengthInTextElements;
        if (length < MinLength)
        {
            return [new("password", $"must be at least {MinLength} characters (a short sentence works well)")];
        }

        if (length > MaxLength)
        {
            return [new("password", $"must be at most {MaxLength} characters")];
        }

        var lowered = password!.ToLowerInvariant();
        if (Common.Contains(lowered) || lowered.Distinct().Count() <= 2)
        {
            return [new("password", "is too common: choose one that others would not guess")];
        }

        foreach (var word in personalWords)
        {
            if (word is { Length: >= 4 } && lowered.Contains(word.ToLowerInvariant(), StringComparison.Ordinal) && lowered.Length - word.Length < 8)
            {
                return [new("password", "is too close to your name or email")];
            }
        }

        return [];
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim().ToLowerInvariant());
            }
        }

        return words;
    }
}
