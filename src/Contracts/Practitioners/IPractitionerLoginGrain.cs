using Collab.Contracts.Access;
using Collab.Contracts.Keys;

namespace Collab.Contracts.Practitioners;

/// <summary>
/// The login side of a practitioner account (the same grain as <see cref="IPractitionerGrain"/>): the password and
/// recovery-code steps, second factors (emailed or texted codes, TOTP, remembered devices).
/// </summary>
public interface IPractitionerLoginGrain : IGrainWithGuidKey
{
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

    /// <summary>
    /// Checks a second factor (emailed or texted code, TOTP, a remembered device token, or a passkey's assertion as JSON
    /// after <see cref="BeginPasskeyLogin"/>); Unauthenticated when wrong.
    /// </summary>
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

    /// <summary>
    /// Pro Santé Connect stands for the second factor: after the password step, the card's national identifier must
    /// name this account (see <see cref="IPractitionerStandingGrain.ValidateByProSanteConnect"/>). System caller only.
    /// </summary>
    Task CompleteProSanteConnectLogin(string nationalId, Caller caller);

    /// <summary>
    /// After the password step, the WebAuthn request options (JSON) for this account's passkeys: a new challenge, valid
    /// 5 minutes and once. Unauthenticated without a password step; Conflict when the account has no passkey.
    /// </summary>
    Task<string> BeginPasskeyLogin(Caller caller);

    /// <summary>
    /// Starts adding a passkey: the WebAuthn creation options (JSON) for the holder, excluding the passkeys they have;
    /// valid 5 minutes and once. The account holder only; Conflict beyond <c>MaxPasskeys</c>.
    /// </summary>
    Task<string> BeginPasskeyRegistration(Caller caller);

    /// <summary>
    /// Checks the authenticator's answer (the browser's credential as JSON: origin, challenge, relying party) and keeps
    /// its public key under <paramref name="name"/>. InvalidInput when the answer does not verify or the ceremony expired.
    /// </summary>
    Task<Passkey> CompletePasskeyRegistration(string credential, string name, Caller caller);

    /// <summary>The holder's passkeys (never their keys).</summary>
    Task<IReadOnlyList<Passkey>> GetPasskeys(Caller caller);

    /// <summary>Removes a passkey: it no longer stands for the second factor. NotFound when unknown.</summary>
    Task RemovePasskey(Guid passkey, Caller caller);
}
