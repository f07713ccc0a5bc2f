namespace Collab.Crypto;

/// <summary>A live session as its user sees it in their sessions list: when it started, until when, from what browser.</summary>
public sealed record SessionInfo(Guid Id, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt, string? Device);
