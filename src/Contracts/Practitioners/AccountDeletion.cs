namespace Collab.Contracts.Practitioners;

/// <summary>What an account deletion destroyed and left with others.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountDeletion(
    [property: Id(0)] int ConsultationsDestroyed,
    [property: Id(1)] int ConsultationsKeptByOthers,
    [property: Id(2)] int GroupsLeft,
    [property: Id(3)] IReadOnlyList<string> DestroyedKeyIds);
