namespace Collab.Contracts.Mailboxes;

/// <summary>An API key of an applicative mailbox as its administrators see it (never its secret).</summary>
[GenerateSerializer, Immutable]
public sealed record MailKeyView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] MailKeyScopes Scopes,
    [property: Id(2)] DateTimeOffset IssuedAt,
    [property: Id(3)] DateTimeOffset? RevokedAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt);

/// <summary>A key just issued: its secret is shown this once and kept nowhere.</summary>
[GenerateSerializer, Immutable]
public sealed record IssuedMailKey([property: Id(0)] Guid Id, [property: Id(1)] string Secret);

/// <summary>
/// What a sender seals a message's key to: the holder's public key for a nominative mailbox (version 0), the newest
/// version of the ring for a shared one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MailSealingKey([property: Id(0)] int Version, [property: Id(1)] byte[] PublicKey, [property: Id(2)] string Address);
