using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Knowledge;

/// <summary>
/// An anonymous case as the asker and the network see it. <see cref="Asker"/> is set for the asker, and for the
/// network only when the asker chose to show their name; the asker's messages carry the case's own id as author.
/// <see cref="SeatSealedToAsker"/> goes to the asker only. A case made from a consultation
/// (<see cref="FromConsultation"/>) has two authors, its requester and the practitioner who answered; both are "the
/// asker" here and each gets the seat sealed to their own key. The thread expires at <see cref="DestroyAt"/> (its
/// retention, counted from its last message or change); after <see cref="DestroyedAt"/> only the published text is left.
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
    [property: Id(16)] bool AskerShown = false,
    [property: Id(17)] DateTimeOffset? DestroyAt = null,
    [property: Id(18)] DateTimeOffset? DestroyedAt = null,
    [property: Id(19)] bool FromConsultation = false,
    [property: Id(20)] bool CallerMustConsent = false);
