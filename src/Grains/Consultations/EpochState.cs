namespace Collab.Grains.Consultations;

public sealed class EpochState
{
    public int Epoch { get; set; }

    public Dictionary<Guid, byte[]> SealedToParticipants { get; set; } = [];

    public Guid? Group { get; set; }

    public int GroupVersion { get; set; }

    public byte[]? SealedToGroup { get; set; }

    /// <summary>A discussion's membership version when the epoch began (a member who joined or left since makes it stale).</summary>
    public int MembersVersion { get; set; }

    /// <summary>When the epoch began (a discussion's epochs last one day: its messages expire together).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When its sealed keys were destroyed with its messages (a discussion's expired day); null while it lives.</summary>
    public DateTimeOffset? ShreddedAt { get; set; }
}
