using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>
/// The encrypted exchange of a consultation: epochs and their sealed keys, and the ciphertext of
/// each item at its sequence number. The grain never sees plaintext or an unsealed key.
/// </summary>
public interface IConsultationGrain : IGrainWithGuidKey
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

    /// <summary>Starts a new epoch (first message, or after a membership change); returns its number.</summary>
    Task<int> StartEpoch(EpochSeal seal, Caller caller);

    /// <summary>The sequence number the next item must be encrypted for.</summary>
    Task<long> NextSequence();

    /// <summary>
    /// Appends ciphertext encrypted for (this consultation, <paramref name="epoch"/>, <paramref name="sequence"/>)
    /// and returns the sequence it is stored at. Conflict when another item took that sequence first:
    /// encrypt again for the next one. A retry with the same <paramref name="clientId"/> is stored once
    /// and answers the sequence of the first.
    /// </summary>
    Task<long> Post(int epoch, long sequence, byte[] ciphertext, Guid clientId, Caller caller);

    /// <summary>Items from <paramref name="fromSequence"/> on, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller);

    /// <summary>The seals of every epoch for the caller: their own copy, and the group's. Participants only.</summary>
    Task<IReadOnlyList<EpochSealView>> GetEpochSeals(Caller caller);

    /// <summary>Deletes the caller's own item: its ciphertext is erased, a tombstone keeps its place.</summary>
    Task Delete(long sequence, Caller caller);

    /// <summary>Records that the caller has read up to <paramref name="sequence"/> (an audited access).</summary>
    Task MarkRead(long sequence, Caller caller);

    /// <summary>Tells the other viewers that the caller is typing, or opened (<paramref name="present"/>) or left the consultation. Not stored.</summary>
    Task Signal(ConsultationEventKind kind, bool present, Caller caller);

    /// <summary>Marks the answered act as billed (the one who answered; once there is an act code).</summary>
    Task MarkBilled(Caller caller);

    /// <summary>Records that the caller downloaded the report or a file (participants only; an audited access).</summary>
    Task RecordDownload(DownloadKind kind, Caller caller);

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

    /// <summary>Subscribes (or renews) a web node's relay to this consultation's events; returns the last stored sequence so the node can fetch what it missed.</summary>
    Task<long> Subscribe(ILiveRelay relay);

    /// <summary>Ends a relay's subscription.</summary>
    Task Unsubscribe(ILiveRelay relay);
}

/// <summary>
/// Where each encrypted field of a request sits: epoch 1, at a negative sequence, so that no two fields
/// (nor a field and a message) share an encryption position and none can be moved onto another.
/// </summary>
public static class ConsultationFields
{
    /// <summary>The patient identity (and each identity replaced by a rectification).</summary>
    public const int Patient = -1;

    /// <summary>The question.</summary>
    public const int Question = -2;

    /// <summary>The clinical description.</summary>
    public const int Description = -3;

    /// <summary>The opinion.</summary>
    public const int Opinion = -4;

    /// <summary>Why the patient opposes electronic exchange.</summary>
    public const int OppositionReason = -5;

    /// <summary>Why the request was declined or cancelled.</summary>
    public const int Reason = -6;

    /// <summary>The most bytes a short encrypted text (a reason) may take.</summary>
    public const int MaxReasonBytes = 4 * 1024;
}

/// <summary>
/// A new request: whom it is for, its health fields (Content envelopes at epoch 1, sequences −1,
/// −2, −3, the opposition reason at −5) and the seal of epoch 1's key to the requester and the addressee.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationDraft(
    [property: Id(0)] PractitionerId? RequiredPractitioner,
    [property: Id(1)] Guid? RequiredGroup,
    [property: Id(2)] byte[] PatientIdentity,
    [property: Id(3)] byte[] Question,
    [property: Id(4)] byte[] Description,
    [property: Id(5)] bool PatientOpposes,
    [property: Id(6)] byte[]? OppositionReason,
    [property: Id(7)] bool ConsentToShare,
    [property: Id(8)] EpochSeal FirstEpoch);

/// <summary>
/// What an action carries: the encrypted reason of a decline or cancellation, the encrypted opinion and act code
/// of an answer, and for an acceptance the accepter's own copy of each epoch key they hold only through their group
/// (epoch → key sealed to the accepter).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationActionInput(
    [property: Id(0)] byte[]? Reason = null,
    [property: Id(1)] byte[]? Opinion = null,
    [property: Id(2)] string? ActCode = null,
    [property: Id(3)] IReadOnlyDictionary<int, byte[]>? AccepterSeals = null);

/// <summary>What a participant downloaded.</summary>
public enum DownloadKind
{
    /// <summary>The PDF report.</summary>
    Report = 1,
    /// <summary>An attached file.</summary>
    File = 2,
    /// <summary>A structured export (a patient's right of access or portability, a user's own data).</summary>
    Export = 3,
}

/// <summary>Where the act stands with the health insurance.</summary>
public enum BillingStatus
{
    /// <summary>No act to bill (not answered, or answered without an act code).</summary>
    None = 0,
    /// <summary>Answered with an act code, not yet billed.</summary>
    ToBill = 1,
    /// <summary>Billed.</summary>
    Billed = 2,
}

/// <summary>A consultation as a participant sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ConsultationStatus Status,
    [property: Id(2)] PractitionerId Requester,
    [property: Id(3)] PractitionerId? RequiredPractitioner,
    [property: Id(4)] Guid? RequiredGroup,
    [property: Id(5)] PractitionerId? AcceptedBy,
    [property: Id(6)] IReadOnlyDictionary<ConsultationStatus, DateTimeOffset> Timeline,
    [property: Id(7)] byte[] PatientIdentity,
    [property: Id(8)] byte[] Question,
    [property: Id(9)] byte[] Description,
    [property: Id(10)] byte[]? Opinion,
    [property: Id(11)] byte[]? Reason,
    [property: Id(12)] ConsultationRole CallerRole,
    [property: Id(13)] IReadOnlyList<ConsultationAction> AvailableActions,
    [property: Id(14)] IReadOnlyList<ReadReceipt> ReadReceipts,
    [property: Id(15)] long LastSequence,
    [property: Id(16)] string? ActCode,
    [property: Id(17)] BillingStatus Billing,
    [property: Id(18)] bool PatientOpposes,
    [property: Id(19)] bool ConsentToShare,
    [property: Id(20)] Retention.RetentionPolicy? Retention = null,
    [property: Id(21)] DateTimeOffset? DestroyAt = null,
    [property: Id(22)] IReadOnlyList<byte[]>? PreviousPatientIdentities = null,
    [property: Id(23)] byte[]? OppositionReason = null,
    [property: Id(24)] string? LegacyReason = null,
    [property: Id(25)] string? LegacyOppositionReason = null);

/// <summary>
/// What an erasure request did to one consultation: destroyed (with the certificate's trace), or kept —
/// <see cref="Kept"/> says why for programs, <see cref="KeptBecause"/> for people, <see cref="KeptUntil"/> until when.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ErasureOutcome(
    [property: Id(0)] Guid Consultation,
    [property: Id(1)] bool Erased,
    [property: Id(2)] string? KeptBecause,
    [property: Id(3)] Guid? CertificateEventId,
    [property: Id(4)] KeptReason? Kept = null,
    [property: Id(5)] DateTimeOffset? KeptUntil = null);

/// <summary>Why a consultation outlives an erasure request or an account deletion.</summary>
public enum KeptReason
{
    /// <summary>Sent and not finished: the required party is working on it.</summary>
    InProgress = 1,
    /// <summary>Answered: the opinion is part of both parties' care records until its retention ends.</summary>
    Answered = 2,
    /// <summary>Other participants still hold it (account deletion).</summary>
    HeldByOthers = 3,
}

/// <summary>An epoch key sealed to each participant and to the recipient group's current key version.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochSeal(
    [property: Id(0)] IReadOnlyDictionary<Guid, byte[]> SealedToParticipants,
    [property: Id(1)] Guid? Group,
    [property: Id(2)] int GroupVersion,
    [property: Id(3)] byte[]? SealedToGroup);

/// <summary>One epoch as a reader sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochSealView(
    [property: Id(0)] int Epoch,
    [property: Id(1)] byte[]? SealedToReader,
    [property: Id(2)] Guid? Group,
    [property: Id(3)] int GroupVersion,
    [property: Id(4)] byte[]? SealedToGroup);

/// <summary>A stored item: ciphertext at its epoch and sequence, and who wrote it. A deleted item has no ciphertext.</summary>
[GenerateSerializer, Immutable]
public sealed record EncryptedItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] int Epoch,
    [property: Id(2)] byte[] Ciphertext,
    [property: Id(3)] DateTimeOffset PostedAt,
    [property: Id(4)] PractitionerId? Author = null,
    [property: Id(5)] DateTimeOffset? DeletedAt = null);
