namespace Collab.Contracts.Knowledge;

/// <summary>
/// A key of an anonymous case, sealed to the network's key ring (<see cref="GroupVersion"/>) and to the asker's seat
/// (a key pair of this case only, so the sealed copy names nobody). A new key is made when the network's ring turns.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CaseKeySeal(
    [property: Id(0)] int GroupVersion,
    [property: Id(1)] byte[] SealedToGroup,
    [property: Id(2)] byte[] SealedToSeat);

/// <summary>A case key as readers get it: its version and its two sealed copies.</summary>
[GenerateSerializer, Immutable]
public sealed record CaseKeyView(
    [property: Id(0)] int Version,
    [property: Id(1)] int GroupVersion,
    [property: Id(2)] byte[] SealedToGroup,
    [property: Id(3)] byte[] SealedToSeat);
