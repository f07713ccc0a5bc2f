namespace Collab.Contracts.Errors;

/// <summary>
/// A typed domain error raised by a grain. Its message never carries health data: it names
/// fields and rules, not values.
/// </summary>
[GenerateSerializer]
public sealed class DomainException : Exception
{
    /// <summary>Creates an error with a code and, for invalid input, the broken field rules.</summary>
    public DomainException(DomainErrorCode code, string message, IReadOnlyList<FieldError>? errors = null)
        : base(message)
    {
        Code = code;
        Errors = errors ?? [];
    }

    /// <summary>What kind of error this is.</summary>
    [Id(0)]
    public DomainErrorCode Code { get; }

    /// <summary>For <see cref="DomainErrorCode.InvalidInput"/>: every broken rule, by field.</summary>
    [Id(1)]
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>For <see cref="DomainErrorCode.TooManyAttempts"/> and <see cref="DomainErrorCode.Unavailable"/>: how many seconds to wait before trying again.</summary>
    [Id(2)]
    public int? RetryAfterSeconds { get; init; }

    /// <summary>An invalid-input error listing every broken rule.</summary>
    public static DomainException Invalid(IReadOnlyList<FieldError> errors) =>
        new(DomainErrorCode.InvalidInput, "The input breaks one or more rules: " + string.Join(", ", errors.Select(e => e.Field)), errors);
}
