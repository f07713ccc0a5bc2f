namespace Collab.Contracts.Groups;

/// <summary>A group's ring as one member sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record GroupKeyRingView(
    [property: Id(0)] Guid GroupId,
    [property: Id(1)] int CurrentVersion,
    [property: Id(2)] IReadOnlyList<GroupKeyVersionView> Versions);
