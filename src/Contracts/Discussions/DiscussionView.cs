using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Discussions;

/// <summary>
/// A discussion as one member sees it (no content: messages are read through the conversation). <see cref="Keep"/>:
/// kept past 30 days; <see cref="ExpiredBefore"/>: messages sent before it were destroyed (the tombstone).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DiscussionView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] PractitionerId Owner,
    [property: Id(3)] IReadOnlyList<PractitionerId> Members,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] long LastSequence,
    [property: Id(6)] long ReadUpTo,
    [property: Id(7)] bool Muted,
    [property: Id(8)] bool Keep = false,
    [property: Id(9)] DateTimeOffset? ExpiredBefore = null);
