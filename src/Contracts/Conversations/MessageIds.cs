namespace Collab.Contracts.Conversations;

/// <summary>
/// The id a writer gives a message before posting it (a post's <c>clientId</c>, bound inside its envelope). Time-ordered
/// (UUID version 7): a conversation's index of these ids then grows at its end. With random ids each post wrote a random
/// page of that index, and under load those pages neither stayed in PostgreSQL's buffers nor left the write-ahead log
/// alone (a full-page image after each checkpoint; docs/benchmarks.md). The time it carries is the post's own, which the
/// item's row and its audit record hold anyway.
/// </summary>
public static class MessageIds
{
    /// <summary>A new, time-ordered message id.</summary>
    public static Guid New() => Guid.CreateVersion7();
}
