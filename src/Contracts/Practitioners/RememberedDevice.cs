namespace Collab.Contracts.Practitioners;

/// <summary>A device whose token stands for the second factor.</summary>
[GenerateSerializer, Immutable]
public sealed record RememberedDevice(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset RememberedAt,
    [property: Id(3)] DateTimeOffset? LastUsedAt);
