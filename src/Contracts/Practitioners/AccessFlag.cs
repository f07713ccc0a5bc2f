namespace Collab.Contracts.Practitioners;

/// <summary>An unusual-access rule the detector saw broken: who, which rule, in which window, how much against what threshold.</summary>
[GenerateSerializer, Immutable]
public sealed record AccessFlag(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid Practitioner,
    [property: Id(2)] AccessRule Rule,
    [property: Id(3)] DateTimeOffset WindowStart,
    [property: Id(4)] int Observed,
    [property: Id(5)] int Threshold,
    [property: Id(6)] DateTimeOffset RaisedAt);
