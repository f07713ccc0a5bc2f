namespace Collab.Contracts.Audit;

/// <summary>An unusual-access flag with the account's name and where it stands now.</summary>
[GenerateSerializer, Immutable]
public sealed record FlagRow(
    [property: Id(0)] Practitioners.AccessFlag Flag,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Status);
