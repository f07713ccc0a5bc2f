namespace Collab.Contracts.Groups;

/// <summary>
/// What a group is: a name, the structure it belongs to (if any), and for a specialist network the specialty it
/// answers anonymous questions in (the knowledge base: any validated practitioner may ask it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GroupInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] Guid? Structure,
    [property: Id(2)] string? NetworkSpecialty = null)
{
    /// <summary>Whether the group is a specialist network.</summary>
    public bool IsNetwork => NetworkSpecialty is not null;

    /// <summary>The directory's profession value that marks a network.</summary>
    public const string NetworkMarker = "network";
}
