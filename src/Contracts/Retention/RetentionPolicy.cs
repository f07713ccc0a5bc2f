using Collab.Contracts.Errors;

namespace Collab.Contracts.Retention;

/// <summary>
/// How long data is kept once its clock starts (a consultation's end, a discussion's last message,
/// a mailbox item's arrival). At the end the owning grain destroys it by crypto-shredding; the
/// requester is warned <see cref="WarningDays"/> days before.
/// </summary>
/// <param name="Days">Days kept after the clock starts.</param>
/// <param name="Keep">Kept until someone deletes it (discussions marked "keep"); <see cref="Days"/> is then ignored.</param>
[GenerateSerializer, Immutable]
public sealed record RetentionPolicy([property: Id(0)] int Days, [property: Id(1)] bool Keep = false)
{
    /// <summary>Days between the warning and the destruction.</summary>
    public const int WarningDays = 7;

    /// <summary>The shortest period: long enough to warn first.</summary>
    public const int MinDays = WarningDays + 1;

    /// <summary>The longest period a policy may set (20 years).</summary>
    public const int MaxDays = 20 * 366;

    /// <summary>Consultations: 3 months after they end (SPEC).</summary>
    public static RetentionPolicy Consultation { get; } = new(90);

    /// <summary>Discussions: 30 days unless marked "keep" (SPEC).</summary>
    public static RetentionPolicy Discussion { get; } = new(30);

    /// <summary>Mailbox items: 3 months (SPEC).</summary>
    public static RetentionPolicy Mailbox { get; } = new(90);

    /// <summary>The broken rules of this policy, named after <paramref name="field"/>; empty when valid.</summary>
    public IReadOnlyList<FieldError> Problems(string field, bool keepAllowed) =>
        (Keep, keepAllowed) switch
        {
            (true, false) => [new(field + ".keep", "is not allowed here: this data must have an end")],
            (true, true) => [],
            _ when Days is < MinDays or > MaxDays => [new(field + ".days", $"must be from {MinDays} to {MaxDays} days")],
            _ => [],
        };
}
