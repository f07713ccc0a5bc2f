using Collab.Contracts.Access;
using Orleans.Concurrency;

namespace Collab.Contracts.Practitioners;

/// <summary>
/// One practitioner account, keyed by <see cref="PractitionerId"/>: the profile and what others may see of it, the
/// standing access checks read, groups, terms, language and notices. The same grain answers the narrower
/// interfaces for its other concerns: <see cref="IPractitionerLoginGrain"/> (login, second factors, devices),
/// <see cref="IPractitionerKeysGrain"/> (key material), <see cref="IPractitionerStandingGrain"/> (validation,
/// suspension, restriction) and <see cref="IPractitionerDeletionGrain"/> (deleting the account).
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

    /// <summary>Makes this account an operator of the platform. System only (bootstrap, demo data).</summary>
    Task GrantOperator(Caller caller);

    /// <summary>
    /// Changes how colleagues reach the holder (phone, specialty, professional address, places of practice; blank clears).
    /// InvalidInput naming each broken field. The account holder only; audited; the directory follows.
    /// </summary>
    Task UpdateProfile(ProfileChange change, Caller caller);

    /// <summary>
    /// Sends a code (6 digits, 10 minutes) to the address waiting to be proved: the new one asked for, else the account's
    /// own. Sent at registration too. At most 5 every 15 minutes (TooManyAttempts). The account holder only.
    /// </summary>
    Task SendEmailProof(Caller caller);

    /// <summary>
    /// Asks to move the account to <paramref name="email"/>: a code goes there, and the address changes only when it comes
    /// back (<see cref="ConfirmEmail"/>). InvalidInput for a malformed address, Conflict when another account has it.
    /// The account holder only.
    /// </summary>
    Task BeginEmailChange(string email, Caller caller);

    /// <summary>
    /// The code sent by <see cref="SendEmailProof"/> or <see cref="BeginEmailChange"/>: the address is proved (or the new
    /// one replaces the old). Anyone holding the code (right after registration nobody is logged in); wrong, used or
    /// expired codes answer Unauthenticated and count toward the login throttle.
    /// </summary>
    Task ConfirmEmail(string code, Caller caller);

    /// <summary>Hides the practitioner from directory search (or shows them again). The account holder only.</summary>
    Task SetRedListed(bool redListed, Caller caller);

    /// <summary>
    /// The language of the account's emails and SMS (fr, en; InvalidInput otherwise): the one the holder last chose
    /// for the app. The account holder only.
    /// </summary>
    Task SetLanguage(string language, Caller caller);

    /// <summary>Records acceptance of a terms version. The account holder only.</summary>
    Task AcceptTerms(int version, Caller caller);

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

    /// <summary>
    /// Sends a notice about a consultation or a discussion (<paramref name="about"/>) by email (and SMS when chosen): no
    /// health data, only that there is something to see.
    /// </summary>
    [OneWay]
    Task Notify(ConsultationNotice notice, Guid about);
}
