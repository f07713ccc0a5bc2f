namespace Collab.Contracts.Audit;

/// <summary>
/// Which traces to read. <see cref="Structure"/> limits to events by that structure's users (required
/// for a structure administrator). <see cref="Actor"/> is an actor as recorded (e.g.
/// <c>practitioner:{id}</c>); <see cref="Action"/> matches an action or, ending with ".", every action under it.
/// <see cref="BeforeTime"/>/<see cref="BeforeId"/> continue after the last row of a previous page.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] Guid? Structure = null,
    [property: Id(1)] string? Actor = null,
    [property: Id(2)] string? ObjectType = null,
    [property: Id(3)] string? ObjectId = null,
    [property: Id(4)] string? Action = null,
    [property: Id(5)] string? Category = null,
    [property: Id(6)] DateTimeOffset? From = null,
    [property: Id(7)] DateTimeOffset? To = null,
    [property: Id(8)] int Limit = 200,
    [property: Id(9)] DateTimeOffset? BeforeTime = null,
    [property: Id(10)] Guid? BeforeId = null)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;
}
