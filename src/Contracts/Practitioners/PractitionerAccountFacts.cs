namespace Collab.Contracts.Practitioners;

/// <summary>The account side of a <see cref="PractitionerCard"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerAccountFacts(
    [property: Id(0)] string Email,
    [property: Id(1)] AccountStatus Status,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] bool RedListed);
