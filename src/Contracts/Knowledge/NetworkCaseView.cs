using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Knowledge;

/// <summary>
/// An anonymous case as the asker and the network see it. <see cref="Asker"/> is set for the asker, and for the
/// network only when the asker chose to show their name; the asker's messages carry the case's own id as author.
/// <see cref="SeatSealedToAsker"/> goes to the asker only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NetworkCaseView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid Network,
    [property: Id(2)] string NetworkName,
    [property: Id(3)] string Specialty,
    [property: Id(4)] AgeBand AgeBand,
    [property: Id(5)] CaseSex Sex,
    [property: Id(6)] DateTimeOffset AskedAt,
    [property: Id(7)] NetworkCaseStatus Status,
    [property: Id(8)] bool CallerIsAsker,
    [property: Id(9)] PractitionerId? Asker,
    [property: Id(10)] byte[] SeatPublicKey,
    [property: Id(11)] byte[]? SeatSealedToAsker,
    [property: Id(12)] IReadOnlyList<CaseKeyView> Keys,
    [property: Id(13)] long LastSequence,
    [property: Id(14)] CaseProposal? Proposal,
    [property: Id(15)] string? PublishedId,
    [property: Id(16)] bool AskerShown = false);
