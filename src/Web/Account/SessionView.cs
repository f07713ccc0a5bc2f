namespace Collab.Web.Account;

/// <summary>One of the holder's open sessions: when it started and ends, the browser it was opened from, and whether it is this one.</summary>
public sealed record SessionView(Guid Id, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt, string? Device, bool Current);
