namespace Collab.Grains.Retention;

/// <summary>
/// Part of an owner's content to destroy: the items of its epochs up to <see cref="ThroughEpoch"/> and the files
/// stored before <see cref="StoredBefore"/> (a discussion's expired days). Read models are not touched: the owner
/// goes on.
/// </summary>
public sealed record ShredScope(int ThroughEpoch, DateTimeOffset StoredBefore);
