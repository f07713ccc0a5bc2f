namespace Collab.Grains.Discussions;

/// <summary>
/// When a discussion tells its members about unread messages: a member who has not read a message
/// <see cref="Delay"/> after it came (they are not reading) gets one notice, then none about the same discussion for
/// <see cref="Quiet"/>. The grain looks every <see cref="Delay"/> while someone has unread messages.
/// </summary>
public sealed record DiscussionNoticeOptions
{
    public TimeSpan Delay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan Quiet { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the grain looks (real time); the decisions read the grain's clock. Tests make it short.</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMinutes(1);
}
