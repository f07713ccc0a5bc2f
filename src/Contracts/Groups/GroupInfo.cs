namespace Collab.Contracts.Groups;

/// <summary>What a group is: a name, and the structure it belongs to (if any).</summary>
[GenerateSerializer, Immutable]
public sealed record GroupInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] Guid? Structure);
