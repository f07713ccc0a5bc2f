using Collab.Contracts.Access;
using Collab.Contracts.Keys;
using Orleans.Concurrency;

namespace Collab.Contracts.Practitioners;

/// <summary>
/// One practitioner account, keyed by <see cref="PractitionerId"/>: profile, standing, key
/// material, login factors and devices, inactivity.
/// </summary>
public interface IPractitionerGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the account, pending validation. Fails with InvalidInput naming each broken field,
    /// Conflict when the id, email or RPPS/ADELI number is taken. An RPPS whose check digit does not
    /// match is a warning, not a refusal.
    /// </summary>
    Task<RegistrationResult> Register(PractitionerRegistration registration, Caller caller);

    /// <summary>
    /// The whole profile (contact details, status), or null when no account exists under this id. The holder,
    /// the platform, the operator and the administrators of the account's structure; Forbidden for anyone else.
    /// </summary>
    Task<PractitionerProfile?> GetProfile(Caller caller);

    /// <summary>
    /// The account as another active practitioner may see it, by the directory's rules: null (as if unknown) when
    /// it is not active or is red-listed. The holder, the operator and the structure's administrators get every
    /// account, with its <see cref="PractitionerCard.Account"/> facts.
    /// </summary>
    Task<PractitionerCard?> GetCard(Caller caller);

    /// <summary>The name and profession, for showing who took part in something the viewer may see (null when no account exists).</summary>
    [AlwaysInterleave]
    Task<PractitionerName?> GetName();

    /// <summary>Status, operator flag and structure: what access checks need. Interleaves, so grains may ask while serving this account.</summary>
    [AlwaysInterleave]
    Task<AccountStanding> GetStanding();

    /// <summary>Validates a pending account. Operator, or an admin of the account's structure.</summary>
    Task Validate(Caller caller);

    /// <summary>Refuses a pending account. Operator, or an admin of the account's structure.</summary>
    Task Reject(Caller caller);

    /// <summary>Suspends an account; its sessions end at their next request. Operator or structure admin.</summary>
    Task Suspend(Caller caller);

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

    /// <summary>
    /// Deletes the account (the holder, or an operator ending a structure's contract): drafts and
    /// consultations nobody else can read are destroyed; in the others the holder's key copies go and the
    /// other participants keep them; the holder leaves their groups; key material, login factors,
    /// contact details and the directory entry are erased. The name, profession and RPPS/ADELI stay, as
    /// the author of what others keep. Conflict when the holder is the last member holding a group's keys.
    /// </summary>
    Task<AccountDeletion> DeleteAccount(Caller caller);

    /// <summary>Makes this account an operator of the platform. System only (bootstrap, demo data).</summary>
    Task GrantOperator(Caller caller);

    /// <summary>Hides the practitioner from directory search (or shows them again). The account holder only.</summary>
    Task SetRedListed(bool redListed, Caller caller);

    /// <summary>Records acceptance of a terms version. The account holder only.</summary>
    Task AcceptTerms(int version, Caller caller);

    /// <summary>Stores the account's first key material. Conflict if it has keys already.</summary>
    Task SetKeys(UserKeyMaterial keys, Caller caller);

    /// <summary>
    /// Replaces the wraps of the same private key (password change, recovery, new recovery code,
    /// escrow to a new structure). The public key cannot change: content sealed to it stays readable.
    /// </summary>
    Task ReplaceKeyWraps(UserKeyMaterial keys, Caller caller);

    /// <summary>The public key and the escrow sealed to the structure's recovery key (null without escrow). Administrators of the account's structure only.</summary>
    Task<UserKeyMaterial?> GetEscrow(Caller caller);

    /// <summary>
    /// Replaces the password wrap after an administrator opened the escrow (admin-assisted reset):
    /// the lock and failure count are cleared; the user logs in with the temporary password and changes it.
    /// Administrators of the account's structure only.
    /// </summary>
    Task ResetPasswordByAdministrator(byte[] passwordWrapped, Caller caller);

    /// <summary>The stored key material, or null before keys are set.</summary>
    Task<UserKeyMaterial?> GetKeys(Caller caller);

    /// <summary>The public key others seal to; NotFound before keys are set.</summary>
    Task<byte[]> GetPublicKey();

    /// <summary>
    /// First step of a login, once the login throttle (<see cref="Access.ILoginThrottleGrain"/>, keyed by the email)
    /// let the attempt through: the wrapped key the web node opens with the password (a successful unwrap proves
    /// it). Nothing here depends on the account's status: that is told only after the password is proved.
    /// </summary>
    Task<LoginChallenge> BeginLogin(Caller caller);

    /// <summary>
    /// First step of a reset by recovery code, after the throttle: the key wrapped under the recovery code (a
    /// successful unwrap proves the code). Failures go to <see cref="PasswordFailed"/>.
    /// </summary>
    Task<UserKeyMaterial> BeginRecovery(Caller caller);

    /// <summary>
    /// The recovery code opened the key: new password and recovery wraps replace the old ones, remembered devices
    /// are forgotten, the throttle starts again and every session of the account ends, on every node. The account
    /// holder (proved by the code); Forbidden for a suspended, rejected or deleted account.
    /// </summary>
    Task CompleteRecovery(UserKeyMaterial keys, Caller caller);

    /// <summary>A wrong password, recovery code or second factor: counts toward the login throttle; the holder is emailed when it locks.</summary>
    Task PasswordFailed(Caller caller);

    /// <summary>The password unwrapped the key: the second factor is next. Forbidden (said only now) for a suspended, rejected or deleted account.</summary>
    Task PasswordSucceeded(Caller caller);

    /// <summary>Sends a one-time code (6 digits, 10 minutes, single use) by email or SMS; at most 5 every 15 minutes (TooManyAttempts).</summary>
    Task SendLoginCode(SecondFactor channel, Caller caller);

    /// <summary>Checks a second factor (emailed or texted code, TOTP, or a remembered device token); Unauthenticated when wrong.</summary>
    Task CompleteLogin(SecondFactor factor, string code, Caller caller);

    /// <summary>Starts TOTP enrolment: a new secret (not active until confirmed), as base32 and otpauth URI.</summary>
    Task<TotpEnrollment> BeginTotpEnrollment(Caller caller);

    /// <summary>Activates TOTP with a first code from the authenticator app; until then the new secret stands for nothing.</summary>
    Task ConfirmTotp(string code, Caller caller);

    /// <summary>Remembers a device: returns its token (shown once, stored hashed).</summary>
    Task<string> RememberDevice(string name, Caller caller);

    /// <summary>The remembered devices, for the account holder to review.</summary>
    Task<IReadOnlyList<RememberedDevice>> GetDevices(Caller caller);

    /// <summary>Forgets a device: its token no longer stands for the second factor.</summary>
    Task RevokeDevice(Guid device, Caller caller);

    /// <summary>Records that this practitioner joined or left a group. Called by the group grain (also while this account is being deleted, hence interleaved).</summary>
    [AlwaysInterleave]
    Task NoteGroupMembership(Guid group, bool member);

    /// <summary>The groups this practitioner belongs to (invited, accepted or confirmed). The account holder only. Interleaves (read only; the inbox asks during a deletion).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<Guid>> GetGroups(Caller caller);

    /// <summary>Inactivity rules (warning from month 10, revocation at month 12). Run by a daily reminder.</summary>
    Task CheckInactivity();

    /// <summary>Whether notices also go by SMS (to the account's phone). The account holder only.</summary>
    Task SetSmsNotifications(bool enabled, Caller caller);

    /// <summary>Whether notices also go by SMS. The account holder only.</summary>
    Task<bool> GetSmsNotifications(Caller caller);

    /// <summary>Sends a consultation notice by email (and SMS when chosen): no health data, only that there is something to see.</summary>
    [OneWay]
    Task Notify(ConsultationNotice notice, Guid consultation);
}
