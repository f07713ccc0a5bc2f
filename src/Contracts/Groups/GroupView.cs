namespace Collab.Contracts.Groups;

/// <summary>A group as its members see it.</summary>
[GenerateSerializer, Immutable]
public sealed record GroupView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] GroupInfo Info,
    [property: Id(2)] IReadOnlyList<GroupMemberView> Members,
    [property: Id(3)] int CurrentVersion);
