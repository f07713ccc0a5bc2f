namespace Collab.Testing;

/// <summary>Real time plus an offset the test moves forward: throttling and expiry without waiting.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;
    private DateTimeOffset? _frozenAt;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>
    /// Stops the clock until the result is disposed (then it runs on from real time plus the offset): a test of a
    /// window of a few seconds must not depend on how fast a busy machine runs it.
    /// </summary>
    public IDisposable Freeze()
    {
        _frozenAt = GetUtcNow();
        return new Thaw(this);
    }

    public override DateTimeOffset GetUtcNow() => _frozenAt ?? System.GetUtcNow() + Offset;

    private sealed class Thaw(ShiftedClock clock) : IDisposable
    {
        public void Dispose() => clock._frozenAt = null;
    }
}
