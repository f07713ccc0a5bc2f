namespace Collab.Grains.Groups;

public sealed class GroupKeyVersion
{
    public int Version { get; set; }

    public byte[] PublicKey { get; set; } = [];

    public Dictionary<Guid, byte[]> SealedToMembers { get; set; } = [];
}
