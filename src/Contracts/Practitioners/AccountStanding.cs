namespace Collab.Contracts.Practitioners;

/// <summary>What access checks need to know about an account.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountStanding(
    [property: Id(0)] AccountStatus Status,
    [property: Id(1)] bool IsOperator,
    [property: Id(2)] Guid? Structure,
    [property: Id(3)] int AcceptedTermsVersion);
