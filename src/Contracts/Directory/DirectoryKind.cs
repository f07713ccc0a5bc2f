namespace Collab.Contracts.Directory;

/// <summary>What a directory entry describes.</summary>
public enum DirectoryKind
{
    /// <summary>A practitioner account.</summary>
    Practitioner = 1,
    /// <summary>A group (service, team, network).</summary>
    Group = 2,
}
