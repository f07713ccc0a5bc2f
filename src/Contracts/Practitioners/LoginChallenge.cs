namespace Collab.Contracts.Practitioners;

/// <summary>What the web node needs to check a password, and which second factors the account has.</summary>
[GenerateSerializer, Immutable]
public sealed record LoginChallenge(
    [property: Id(0)] PractitionerId Practitioner,
    [property: Id(1)] AccountStatus Status,
    [property: Id(2)] byte[] PublicKey,
    [property: Id(3)] byte[] PasswordWrapped,
    [property: Id(4)] IReadOnlyList<SecondFactor> SecondFactors);
