namespace Collab.Contracts.Calls;

/// <summary>A conversation's calls as a member sees them: the one in progress (who is in it) and the ended ones (for the timeline).</summary>
[GenerateSerializer, Immutable]
public sealed record CallView(
    [property: Id(0)] CallRecord? Current,
    [property: Id(1)] IReadOnlyList<CallPeer> Participants,
    [property: Id(2)] IReadOnlyList<CallRecord> Ended);

/// <summary>A call: when it started (and ended), what it carried, how many practitioners took part. No content is ever kept.</summary>
[GenerateSerializer, Immutable]
public sealed record CallRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] CallMedia Media,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? EndedAt,
    [property: Id(4)] int Participants)
{
    /// <summary>How long it lasted (so far, for the current one, at <paramref name="now"/>).</summary>
    public TimeSpan Duration(DateTimeOffset now) => (EndedAt ?? now) - StartedAt;
}
