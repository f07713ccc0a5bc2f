using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Calls;

/// <summary>One participant's presence in a call: a peer id for this join (a practitioner may join from two devices), who, and since when.</summary>
[GenerateSerializer, Immutable]
public sealed record CallPeer(
    [property: Id(0)] Guid Peer,
    [property: Id(1)] PractitionerId Practitioner,
    [property: Id(2)] DateTimeOffset JoinedAt);
