namespace Collab.Contracts.Discussions;

/// <summary>
/// An earlier epoch's key sealed to a member added with the history (by the owner's session, which holds it): the
/// new member reads what was written before their arrival.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HistorySeal([property: Id(0)] int Epoch, [property: Id(1)] Guid Member, [property: Id(2)] byte[] SealedKey);
