namespace Collab.Grains.Consultations;

public sealed class ReadState
{
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }
}
