using Collab.Contracts.Access;
using Collab.Contracts.Conversations;

namespace Collab.Contracts.Consultations;

/// <summary>
/// The encrypted exchange of a consultation: epochs and their sealed keys, and the ciphertext of
/// each item at its sequence number. The grain never sees plaintext or an unsealed key.
/// </summary>
public interface IConsultationGrain : IConversationGrain
{
    /// <summary>
    /// Creates the draft: the caller is the requester; the addressee is one practitioner or one
    /// group; the health fields arrive encrypted under the consultation's first epoch key.
    /// </summary>
    Task CreateDraft(ConsultationDraft draft, Caller caller);

    /// <summary>
    /// Moves the status (send, accept, answer, close, decline, cancel), as <see cref="ConsultationAction"/> allows the caller's role.
    /// Accepting a request addressed to a group needs the caller's own copy of every epoch key they hold only
    /// through the group (<see cref="ConsultationActionInput.AccepterSeals"/>): the one who takes a case keeps it
    /// if they later leave the group. Stale when an epoch began meanwhile (open the keys again).
    /// </summary>
    Task Act(ConsultationAction action, ConsultationActionInput input, Caller caller);

    /// <summary>Status, parties, dates and the encrypted fields. Participants only.</summary>
    Task<ConsultationView> Get(Caller caller);

    /// <summary>
    /// The patient and question (encrypted), the caller's part and whether someone else wrote since the caller last
    /// read. Participants only; an audited access like <see cref="Get"/>.
    /// </summary>
    Task<ConsultationHeadline> Headline(Caller caller);

    /// <summary>Marks the answered act as billed (the one who answered; once there is an act code).</summary>
    Task MarkBilled(Caller caller);

    /// <summary>
    /// Sets how long this consultation is kept after it ends (the required party: the required
    /// practitioner, a confirmed member of the required group, or the one who accepted). Without it the
    /// group's, then the structure's, then the platform's 3 months apply.
    /// </summary>
    Task SetRetention(Retention.RetentionPolicy policy, Caller caller);

    /// <summary>
    /// Replaces the patient identity (a patient's right to rectification, through a participant): the new
    /// envelope is encrypted like the first (epoch 1, sequence −1); the previous one is kept, encrypted, in
    /// <see cref="ConsultationView.PreviousPatientIdentities"/>, and the trace records the digests of both.
    /// </summary>
    Task RectifyPatient(byte[] patientIdentity, Caller caller);

    /// <summary>
    /// Records that the patient opposes electronic exchange (or no longer does), with the reason encrypted like
    /// the question (epoch 1, <see cref="ConsultationFields.OppositionReason"/>). An opposed draft cannot be sent,
    /// and opposition withdraws the consent to share beyond the care team. Participants only.
    /// </summary>
    Task SetOpposition(bool opposes, byte[]? reason, Caller caller);

    /// <summary>
    /// Replaces free text written in clear before reasons were encrypted (<see cref="ConsultationView.LegacyReason"/>,
    /// <see cref="ConsultationView.LegacyOppositionReason"/>) with its encryption by a participant who read it.
    /// </summary>
    Task SealLegacyText(byte[]? reason, byte[]? oppositionReason, Caller caller);

    /// <summary>
    /// A patient's erasure request, through a participant: destroyed now (crypto-shredding, with a deletion
    /// certificate) when nobody else still needs it — a draft never sent, or a request declined or cancelled
    /// without an opinion; otherwise kept, and the trace says why.
    /// </summary>
    Task<ErasureOutcome> Erase(Caller caller);

    /// <summary>
    /// A participant's account is deleted: their sealed copies of the epoch keys go (what they could read
    /// becomes unreadable to them), while the others keep the consultation. Their draft, or a consultation
    /// nobody can read any more, is destroyed with a certificate. System only (account deletion).
    /// </summary>
    Task<ErasureOutcome> ForgetParticipant(Guid practitioner, Caller caller);
}
