namespace Collab.Contracts.Practitioners;

/// <summary>A passkey of the account, as its holder reviews it: the name they gave it, when it was added and last used.</summary>
[GenerateSerializer, Immutable]
public sealed record Passkey(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset AddedAt,
    [property: Id(3)] DateTimeOffset? LastUsedAt);
