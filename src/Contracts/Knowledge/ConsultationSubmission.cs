namespace Collab.Contracts.Knowledge;

/// <summary>
/// A consultation proposed for the knowledge base by one of its parties: the network that reviews it, the patient's
/// age band and sex (computed in the proposer's session from the encrypted identity), the case's seat (its private half
/// sealed to the requester and to the practitioner who answered), the first case key, and the anonymised text as a
/// <see cref="CaseProposal"/> encrypted under that key.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationSubmission(
    [property: Id(0)] Guid Consultation,
    [property: Id(1)] Guid Network,
    [property: Id(2)] AgeBand AgeBand,
    [property: Id(3)] CaseSex Sex,
    [property: Id(4)] byte[] SeatPublicKey,
    [property: Id(5)] byte[] SeatSealedToRequester,
    [property: Id(6)] byte[] SeatSealedToAnswerer,
    [property: Id(7)] CaseKeySeal FirstKey,
    [property: Id(8)] CaseProposal Proposal)
{
    /// <summary>
    /// The id of the case made from <paramref name="consultation"/>: one case per consultation, found again from it, and
    /// never the consultation's own id (their stored rows stay apart).
    /// </summary>
    public static Guid CaseIdOf(Guid consultation) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("collab.knowledge.case:" + consultation.ToString("N")))[..16]);
}
