namespace Collab.Contracts.Calls;

/// <summary>What a participant learns on joining: the call, their own peer id, who is there already (they offer to each), and how to reach the media.</summary>
[GenerateSerializer, Immutable]
public sealed record CallJoined(
    [property: Id(0)] Guid Call,
    [property: Id(1)] Guid Peer,
    [property: Id(2)] CallMedia Media,
    [property: Id(3)] IReadOnlyList<CallPeer> Others,
    [property: Id(4)] CallAccess Access);
