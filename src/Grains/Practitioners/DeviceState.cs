namespace Collab.Grains.Practitioners;

public sealed class DeviceState
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public byte[] TokenHash { get; set; } = [];

    public DateTimeOffset RememberedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
