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
    /// <summary>A caller for work the platform does on its own (reminders, migrations).</summary>
    public static Caller System(string name) => new($"system:{name}", null, null, null);
}
