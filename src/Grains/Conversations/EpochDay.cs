namespace Collab.Grains.Conversations;

/// <summary>The day (UTC) an instant falls on: a discussion's epochs and expiry count in these days (ADR 0011).</summary>
public static class EpochDay
{
    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
