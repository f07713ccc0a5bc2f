using Collab.Contracts.Access;

namespace Collab.Contracts.Practitioners;

/// <summary>
/// The standing of a practitioner account as administrators decide it (the same grain as
/// <see cref="IPractitionerGrain"/>): validation, suspension, reactivation, unusual-access flags and restriction.
/// </summary>
public interface IPractitionerStandingGrain : IGrainWithGuidKey
{
    /// <summary>Validates a pending account (its identity document destroyed). Operator, or an admin of the account's structure.</summary>
    Task Validate(Caller caller);

    /// <summary>
    /// Pro Santé Connect proved the holder's identity (<paramref name="nationalId"/>, its SubjectNameID): it must name this
    /// account's RPPS/ADELI (InvalidInput otherwise); a pending account is validated at once. The web node after the
    /// provider's answer only (a system caller).
    /// </summary>
    Task ValidateByProSanteConnect(string nationalId, Caller caller);

    /// <summary>
    /// Who a pending account's identity document must be sealed to: its structure's recovery key (when the structure
    /// has one) and every operator. The account holder only; Conflict once the account is no longer pending.
    /// </summary>
    Task<IReadOnlyList<SealRecipient>> GetIdentityDocumentRecipients(Caller caller);

    /// <summary>
    /// Records the holder's identity document (its ciphertext already stored), replacing and destroying a previous one.
    /// Its sealed keys must name exactly <see cref="GetIdentityDocumentRecipients"/> (Conflict when those changed in
    /// between: ask again). The account holder only, while pending; audited.
    /// </summary>
    Task AttachIdentityDocument(IdentityDocument document, Caller caller);

    /// <summary>
    /// The document's key as sealed to the caller, to read it once; null when the account sent none. The operator and
    /// the administrators of the account's structure, while pending; each opening audited.
    /// </summary>
    Task<IdentityDocumentKey?> OpenIdentityDocument(Caller caller);

    /// <summary>
    /// Refuses a pending account (its identity document destroyed); the person is emailed the decision with
    /// <paramref name="reason"/> when given (at most 1000 characters; sent, never stored). Operator, or an admin of the
    /// account's structure.
    /// </summary>
    Task Reject(Caller caller, string? reason = null);

    /// <summary>
    /// Suspends an account; its sessions end at their next request, and the holder is emailed the decision with
    /// <paramref name="reason"/> when given (at most 1000 characters; sent, never stored). Operator or structure admin.
    /// </summary>
    Task Suspend(Caller caller, string? reason = null);

    /// <summary>Reactivates a suspended, revoked or restricted account. Operator or structure admin.</summary>
    Task Reactivate(Caller caller);

    /// <summary>
    /// Records an unusual-access flag raised by the detector and emails the structure's administrators
    /// (names the account and the rule, never what was opened). System only.
    /// </summary>
    Task Flag(AccessFlag flag, Caller caller);

    /// <summary>
    /// Tells the account holder, by email, that unusual access was seen and their account may be
    /// restricted (<paramref name="reason"/> is the administrator's words). Operator or structure admin.
    /// </summary>
    Task WarnOfRestriction(string reason, Caller caller);

    /// <summary>
    /// Restricts an active account after unusual access: it sees no health data until reactivated.
    /// Conflict unless the holder was told first (<see cref="WarnOfRestriction"/>). Operator or structure admin.
    /// </summary>
    Task Restrict(Caller caller);
}
