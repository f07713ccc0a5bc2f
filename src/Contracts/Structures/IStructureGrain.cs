using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Orleans.Concurrency;

namespace Collab.Contracts.Structures;

/// <summary>An establishment or practice: its identity, its administrators and its recovery key.</summary>
public interface IStructureGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the structure with its first administrator, and its recovery key pair (members'
    /// escrows are sealed to its public key; its private key is sealed to the administrator and
    /// forgotten). Operator only.
    /// </summary>
    Task Create(StructureInfo info, PractitionerId firstAdmin, Caller caller);

    /// <summary>
    /// Adds an administrator, with the recovery private key sealed to them by an administrator who
    /// holds it (null: they can administer but not reset passwords). Operator or an administrator; nobody
    /// appoints themselves, and an operator is never a structure's administrator (the recovery key opens
    /// members' escrowed keys, and the operator never reads health data).
    /// </summary>
    Task AddAdmin(PractitionerId admin, byte[]? sealedRecoveryKey, Caller caller);

    /// <summary>
    /// Removes an administrator (an administrator may step down), with their copy of the recovery key. Conflict for the
    /// last one: a structure always has an administrator. Operator or an administrator; audited.
    /// </summary>
    Task RemoveAdmin(PractitionerId admin, Caller caller);

    /// <summary>The recovery private key as sealed to <paramref name="admin"/>, or null. Administrators only.</summary>
    Task<byte[]?> GetRecoveryKey(PractitionerId admin, Caller caller);

    /// <summary>The structure, or null when it does not exist (for other grains and the platform's own flows).</summary>
    Task<StructureView?> Get();

    /// <summary>
    /// The structure as <paramref name="caller"/> may see it: its name, FINESS and city for any active account; its
    /// administrators and recovery key only for those administrators and the operator. Null when it does not exist.
    /// </summary>
    Task<StructureCard?> Describe(Caller caller);

    /// <summary>Whether <paramref name="practitioner"/> administers this structure.</summary>
    [AlwaysInterleave]
    Task<bool> IsAdmin(PractitionerId practitioner);

    /// <summary>Sets how long the structure's consultations are kept after they end (an administrator only).</summary>
    Task SetRetention(Retention.RetentionPolicy policy, Caller caller);

    /// <summary>The structure's retention default for consultations, or null when it keeps the platform's.</summary>
    [AlwaysInterleave]
    Task<Retention.RetentionPolicy?> GetRetention();

    /// <summary>
    /// Allows or forbids keeping discussions past 30 days (an administrator only): when forbidden, no discussion with
    /// one of the structure's people in it is kept, and one kept already expires again.
    /// </summary>
    Task SetDiscussionKeep(bool allowed, Caller caller);

    /// <summary>Whether discussions with the structure's people in them may be kept past 30 days (allowed by default).</summary>
    [AlwaysInterleave]
    Task<bool> AllowsDiscussionKeep();

    /// <summary>
    /// Restitution at the end of a contract: the structure, its administrators, accounts and groups, as
    /// the platform holds them. Health content is end-to-end encrypted: each practitioner exports their
    /// own. Operator or the structure's administrator; traced.
    /// </summary>
    Task<StructureExport> Export(Caller caller);

    /// <summary>
    /// Ends the contract: every account of the structure is deleted (see IPractitionerGrain.DeleteAccount),
    /// the recovery key is destroyed, and a signed deletion certificate is written to the audit trail.
    /// Operator only; Conflict before an export; <paramref name="finess"/> must repeat the structure's FINESS.
    /// </summary>
    Task<ContractEnd> EndContract(string finess, Caller caller);
}
