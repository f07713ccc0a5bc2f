using Collab.Contracts.Access;

namespace Collab.Contracts.Audit;

/// <summary>
/// Reads the audit trail for structure administrators (their structure's users only) and operators
/// (everything). Every query is itself traced.
/// </summary>
public interface IAuditViewerGrain : IGrainWithIntegerKey
{
    /// <summary>Newest first, at most <see cref="AuditQuery.Limit"/> rows; Forbidden to anyone but an operator or the structure's administrator.</summary>
    Task<IReadOnlyList<AuditRow>> Query(AuditQuery query, Caller caller);

    /// <summary>The latest unusual-access flags (at most 200, newest first) of a structure's users, or of everyone for an operator (null structure). Traced like a query.</summary>
    Task<IReadOnlyList<FlagRow>> Flags(Guid? structure, Caller caller);
}

/// <summary>An unusual-access flag with the account's name and where it stands now.</summary>
[GenerateSerializer, Immutable]
public sealed record FlagRow(
    [property: Id(0)] Practitioners.AccessFlag Flag,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Status);

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

/// <summary>One trace, as the viewer shows it: never content.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditRow(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string Category,
    [property: Id(3)] string Actor,
    [property: Id(4)] string? ActingFor,
    [property: Id(5)] string Action,
    [property: Id(6)] string ObjectType,
    [property: Id(7)] string ObjectId,
    [property: Id(8)] string Outcome,
    [property: Id(9)] string? IpAddress,
    [property: Id(10)] string? UserAgent,
    [property: Id(11)] string? Detail);
