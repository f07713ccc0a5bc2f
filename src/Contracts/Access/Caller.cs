namespace Collab.Contracts.Access;

/// <summary>
/// Who is calling a grain, passed explicitly on every call so that the grain owning the data
/// decides access and the audit trail records the person behind each action.
/// </summary>
/// <param name="Actor">The authenticated user id, API key id, or a system name such as <c>system:demo</c>.</param>
/// <param name="ActingFor">An organisational mailbox or structure the actor acts for, if any.</param>
/// <param name="IpAddress">The client address as seen by the web node.</param>
/// <param name="UserAgent">The client's user agent, truncated by the web node.</param>
[GenerateSerializer, Immutable]
public sealed record Caller(
    [property: Id(0)] string Actor,
    [property: Id(1)] string? ActingFor,
    [property: Id(2)] string? IpAddress,
    [property: Id(3)] string? UserAgent)
{
    /// <summary>How <see cref="Actor"/> names a practitioner: <c>practitioner:{id}</c>.</summary>
    public const string PractitionerPrefix = "practitioner:";

    /// <summary>How <see cref="Actor"/> names the platform itself: <c>system:{task}</c>.</summary>
    public const string SystemPrefix = "system:";

    /// <summary>How <see cref="Actor"/> names software holding an applicative mailbox's API key: <c>mailkey:{key id}</c>.</summary>
    public const string MailKeyPrefix = "mailkey:";

    /// <summary>How <see cref="Actor"/> names another secure-mail operator delivering over SMTP: <c>relay:{its domain}</c>.</summary>
    public const string RelayPrefix = "relay:";

    /// <summary>How <see cref="ActingFor"/> names a mailbox: <c>mailbox:{id}</c>.</summary>
    public const string MailboxPrefix = "mailbox:";

    /// <summary>Software with an API key of <paramref name="mailbox"/>.</summary>
    public static Caller MailKey(Guid key, Guid mailbox, string? ipAddress) => new(MailKeyPrefix + key.ToString("D"), MailboxPrefix + mailbox.ToString("D"), ipAddress, null);

    /// <summary>Another secure-mail operator (a domain of the configured allow-list) delivering over SMTP.</summary>
    public static Caller Relay(string domain, string? ipAddress) => new(RelayPrefix + domain, null, ipAddress, null);

    /// <summary>The API key calling, if software with a mailbox key is.</summary>
    public Guid? MailKeyId => IdAfter(Actor, MailKeyPrefix);

    /// <summary>The mailbox the caller acts for, if any.</summary>
    public Guid? MailboxId => IdAfter(ActingFor, MailboxPrefix);

    /// <summary>Whether another secure-mail operator is calling.</summary>
    public bool IsRelay => Actor.StartsWith(RelayPrefix, StringComparison.Ordinal);

    /// <summary>A caller for work the platform does on its own (reminders, migrations, demo data).</summary>
    public static Caller System(string name) => new(SystemPrefix + name, null, null, null);

    /// <summary>A logged-in practitioner.</summary>
    public static Caller Practitioner(Guid id, string? ipAddress, string? userAgent) => new(PractitionerPrefix + id.ToString("D"), null, ipAddress, userAgent);

    /// <summary>Whether the platform itself is calling.</summary>
    public bool IsSystem => Actor.StartsWith(SystemPrefix, StringComparison.Ordinal);

    /// <summary>The practitioner calling, if a practitioner is.</summary>
    public Guid? PractitionerId => IdAfter(Actor, PractitionerPrefix);

    // The id in "prefix:{id}", if the text is one.
    private static Guid? IdAfter(string? text, string prefix) =>
        text is not null && text.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(text.AsSpan(prefix.Length), out var id) ? id : null;
}
