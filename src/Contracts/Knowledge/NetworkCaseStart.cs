namespace Collab.Contracts.Knowledge;

/// <summary>
/// An anonymous question to a specialist network: no patient identity at all (an age band, a sex, the question's text
/// encrypted as the thread's first message), the asker's seat (a key pair of this case: its public half, and its
/// private half sealed to the asker's own key) and the first case key. The asker's name is shown to the network only
/// with <see cref="RevealAsker"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NetworkCaseStart(
    [property: Id(0)] Guid Network,
    [property: Id(1)] AgeBand AgeBand,
    [property: Id(2)] CaseSex Sex,
    [property: Id(3)] bool RevealAsker,
    [property: Id(4)] byte[] SeatPublicKey,
    [property: Id(5)] byte[] SeatSealedToAsker,
    [property: Id(6)] CaseKeySeal FirstKey,
    [property: Id(7)] byte[] Question,
    [property: Id(8)] Guid ClientId);
