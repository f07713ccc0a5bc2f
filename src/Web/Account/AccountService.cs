using System.Globalization;
using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Grains.Access;
using Collab.Grains.Notifications;
using Collab.Grains.Practitioners;
using Collab.Web.Access;
using Collab.Web.Practitioners;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Collab.Web.Account;

/// <summary>
/// The account holder's side: registration, login, sessions, password and second-factor settings, terms — one
/// service for the <c>/account</c> endpoints and the account pages. The crypto boundary runs through here: keys are
/// created, unwrapped and kept for the session on this side; grains only ever receive envelopes.
/// </summary>
public sealed class AccountService(
    IClusterClient cluster,
    SessionKeyStore sessions,
    IDataProtectionProvider protection,
    TimeProvider clock,
    PasswordWork work,
    LiveSessions live,
    IConfiguration configuration,
    ILogger<AccountService> logger)
{
    /// <summary>The terms of use in force (<c>Terms:Version</c>).</summary>
    public int CurrentTerms => configuration.GetValue("Terms:Version", 1);

    public async Task<RegisteredResponse> RegisterAsync(RegisterRequest request, HttpContext http)
    {
        var registration = request.ToRegistration();
        // Emails and SMS go out in the language the form was shown in, unless the request names one.
        registration = registration with { Language = registration.Language ?? Notices.Language(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) };
        var errors = PractitionerRules.Check(registration).Concat(PasswordPolicy.Check(request.Password, request.LastName, request.FirstName, request.Email?.Split('@')[0])).ToList();
        if (!request.AcceptTerms)
        {
            errors.Add(new FieldError("acceptTerms", "the terms of use must be accepted"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var escrowKey = registration.Structure is { } structure ? (await cluster.Grain<IStructureGrain>(structure).Get())?.RecoveryPublicKey : null;
        var (material, recoveryCode) = await work.RunAsync(() => PasswordWork.NewKeyMaterial(request.Password!, escrowKey, work.Kdf), http.RequestAborted);

        var id = PractitionerId.New();
        var terms = CurrentTerms;
        var result = await cluster.Grain<IPractitionerGrain>(id.Value).Register(
            registration with { AcceptedTermsVersion = terms, Keys = material }, HttpCaller.From(http));
        return new RegisteredResponse(
            PractitionerResponse.From(result.Profile), recoveryCode, result.Warnings.Select(w => new WarningResponse(w.Field, w.Rule)).ToList());
    }

    /// <summary>
    /// The password step. Until the password is proved, an unknown email, a wrong password, a throttled or locked
    /// identifier and a suspended account cost the same work and get the same answers (401, or 429 from the login
    /// throttle, which is keyed by the email whether or not an account has it): nothing tells whether an account exists.
    /// </summary>
    public async Task<LoginStepResponse> LoginAsync(LoginRequest request, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var (id, account) = await AccountToTryAsync(request.Email, caller);
        var challenge = await KeysOrNullAsync(account, a => a.BeginLogin(caller));

        if (challenge is null)
        {
            await work.RunAsync(() => SpendDecoyWork(request.Password), http.RequestAborted);
            await Throttle(request.Email).Fail(caller, "login.password.unknown");
            throw WrongCredentials();
        }

        using (var keys = await UnwrapOrCountFailureAsync(http, account!, caller, challenge.PasswordWrapped, challenge.PublicKey, request.Password, WrongCredentials))
        {
            await account!.PasswordSucceeded(caller);
            if (http.Request.Cookies.TryGetValue(SessionCookies.DeviceCookie, out var device))
            {
                try
                {
                    await account.CompleteLogin(SecondFactor.RememberedDevice, device, caller);
                    await SignInAsync(http, id!.Value, keys);
                    return new LoginStepResponse(true, []);
                }
                catch (DomainException e) when (e.Code == DomainErrorCode.Unauthenticated)
                {
                    http.Response.Cookies.Delete(SessionCookies.DeviceCookie); // revoked or expired: ask for a code
                }
            }

            SessionCookies.SetPendingLogin(http, protection, id!.Value, await sessions.OpenAsync(id.Value, keys, TimeSpan.FromMinutes(10)));
        }

        return new LoginStepResponse(false, challenge.SecondFactors.Where(f => f != SecondFactor.RememberedDevice).ToList());
    }

    public async Task SendCodeAsync(SecondFactor channel, HttpContext http)
    {
        var pending = SessionCookies.PendingLogin(http, protection) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        await cluster.Grain<IPractitionerLoginGrain>(pending.Practitioner).SendLoginCode(channel, HttpCaller.From(http));
    }

    /// <summary>The account whose RPPS/ADELI Pro Santé Connect proved, if one is registered.</summary>
    public Task<Guid?> AccountOfAsync(PscIdentity identity) => cluster.Grain<IDirectoryGrain>(0).FindByIdentifier(identity.Identifier);

    /// <summary>
    /// A login with Pro Santé Connect: the card stands for the second factor, the password still opens the keys (checked
    /// and throttled like any login). The first such login records that the card proved the account's identity, and
    /// validates it if it was pending.
    /// </summary>
    public async Task LoginWithPscAsync(PscIdentity identity, string? password, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var id = await AccountOfAsync(identity) ?? throw new DomainException(DomainErrorCode.NotFound, "No account has this RPPS/ADELI number: register first.");
        var account = cluster.Grain<IPractitionerLoginGrain>(id);
        var challenge = await account.BeginLogin(caller);
        var email = (await cluster.Grain<IPractitionerGrain>(id).GetProfile(Caller.System("psc")))!.Email;
        using var keys = await UnwrapOrCountFailureAsync(http, account, caller, challenge.PasswordWrapped, challenge.PublicKey, password,
            () => DomainException.Invalid([new("password", "is not your password")]), email);
        await account.PasswordSucceeded(caller);
        var platform = Caller.System("psc") with { IpAddress = caller.IpAddress, UserAgent = caller.UserAgent };
        await cluster.Grain<IPractitionerStandingGrain>(id).ValidateByProSanteConnect(identity.NationalId, platform);
        await account.CompleteProSanteConnectLogin(identity.NationalId, platform);
        await SignInAsync(http, id, keys);
        await http.SignOutAsync(ProSanteConnect.Scheme);
    }

    /// <summary>
    /// A registration after Pro Santé Connect: the identity (names, RPPS/ADELI, profession) is the card's, whatever the
    /// form says; the account is validated at once, and the holder logged in.
    /// </summary>
    public async Task<RegisteredResponse> RegisterWithPscAsync(RegisterRequest request, PscIdentity identity, HttpContext http)
    {
        var registered = await RegisterAsync(request with
        {
            LastName = identity.LastName,
            FirstName = identity.FirstName,
            Identifier = new IdentifierDto(identity.Identifier.Kind.ToString(), identity.Identifier.Number),
            Profession = identity.Profession?.ToString() ?? request.Profession,
        }, http);
        await LoginWithPscAsync(identity, request.Password, http);
        return registered;
    }

    /// <summary>After the password step: the WebAuthn request options for the account's passkeys (JSON, for the browser).</summary>
    public async Task<string> BeginPasskeyLoginAsync(HttpContext http)
    {
        var pending = SessionCookies.PendingLogin(http, protection) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        return await cluster.Grain<IPractitionerLoginGrain>(pending.Practitioner).BeginPasskeyLogin(HttpCaller.From(http));
    }

    public Task<string> BeginPasskeyRegistrationAsync(Caller caller) => Me<IPractitionerLoginGrain>(caller).BeginPasskeyRegistration(caller);

    public Task<Passkey> CompletePasskeyRegistrationAsync(PasskeyRequest request, Caller caller) =>
        request.Credential.ValueKind == System.Text.Json.JsonValueKind.Object
            ? Me<IPractitionerLoginGrain>(caller).CompletePasskeyRegistration(request.Credential.GetRawText(), request.Name ?? "", caller)
            : throw DomainException.Invalid([new("credential", "must be the browser's credential, as PublicKeyCredential.toJSON() gives it")]);

    public Task<IReadOnlyList<Passkey>> PasskeysAsync(Caller caller) => Me<IPractitionerLoginGrain>(caller).GetPasskeys(caller);

    public Task RemovePasskeyAsync(Guid passkey, Caller caller) => Me<IPractitionerLoginGrain>(caller).RemovePasskey(passkey, caller);

    public async Task<LoginStepResponse> VerifyAsync(VerifyRequest request, HttpContext http)
    {
        var pending = SessionCookies.PendingLogin(http, protection) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        // The password step may have been answered by another web node: its pending session is in the vault.
        if (!await sessions.IsAliveAsync(pending.Ticket.SessionId) || sessions.UserOf(pending.Ticket.SessionId) != pending.Practitioner)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The login took too long: enter your password again.");
        }

        var account = cluster.Grain<IPractitionerLoginGrain>(pending.Practitioner);
        await account.CompleteLogin(request.Factor, request.Code ?? "", HttpCaller.From(http));

        UserKeyPair keys;
        try
        {
            keys = sessions.Unlock(pending.Ticket);
        }
        catch (CryptoException)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The login took too long: enter your password again.");
        }

        using (keys)
        {
            await sessions.EndAsync(pending.Ticket.SessionId);
            SessionCookies.ClearPendingLogin(http);
            await SignInAsync(http, pending.Practitioner, keys);
        }

        if (request.RememberDevice)
        {
            var anonymous = HttpCaller.From(http);
            var self = Contracts.Access.Caller.Practitioner(pending.Practitioner, anonymous.IpAddress, anonymous.UserAgent);
            var token = await account.RememberDevice(request.DeviceName ?? anonymous.UserAgent ?? "", self);
            SessionCookies.SetDevice(http, token);
        }

        return new LoginStepResponse(true, []);
    }

    public async Task LogoutAsync(HttpContext http)
    {
        if (SessionCookies.TicketOf(http.User) is { } ticket && SessionCookies.PractitionerOf(http.User) is { } practitioner)
        {
            // Every node: the session (and its open connections) may live on another one.
            await live.EndAsync(new SessionChange(practitioner, ticket.SessionId, null, "logout"));
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The holder's open sessions on every web node, the current one marked.</summary>
    public async Task<IReadOnlyList<SessionView>> SessionsAsync(HttpContext http)
    {
        var current = SessionCookies.TicketOf(http.User)?.SessionId;
        return (await sessions.DescribeAsync(HttpCaller.From(http).PractitionerId!.Value))
            .Select(s => new SessionView(s.Id, s.OpenedAt, s.ExpiresAt, BrowserLabel.Of(s.Device), s.Id == current)).ToList();
    }

    /// <summary>"Log out everywhere": every session of the account ends on every node, this one included.</summary>
    public async Task LogOutEverywhereAsync(HttpContext http)
    {
        var caller = HttpCaller.From(http);
        await live.EndAsync(new SessionChange(caller.PractitionerId!.Value, null, null, "logged out everywhere"));
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Changes the password: the current one must unwrap the key (re-authentication, throttled like a login), the
    /// new one follows the policy. Only the password wrap changes; all content stays readable. Every other session
    /// of the account ends, on every node: whoever knew the old password is out.
    /// </summary>
    public async Task ChangePasswordAsync(ChangePasswordRequest request, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var profile = (await Me(caller).GetProfile(caller))!;
        RequireAcceptablePassword(request.NewPassword, "newPassword", profile.LastName, profile.FirstName, profile.Email.Split('@')[0]);

        var account = Me<IPractitionerKeysGrain>(caller);
        var stored = (await account.GetKeys(caller))!;
        byte[] wrapped;
        using (var keys = await UnwrapOrCountFailureAsync(http, Me<IPractitionerLoginGrain>(caller), caller, stored.PasswordWrapped, stored.PublicKey, request.CurrentPassword,
            () => DomainException.Invalid([new("currentPassword", "is not your current password")]), profile.Email))
        {
            wrapped = await work.RunAsync(() => UserKeyWrapping.WrapWithPassword(keys, request.NewPassword!, work.Kdf), http.RequestAborted);
        }

        await account.ReplaceKeyWraps(stored with { PasswordWrapped = wrapped }, caller);
        await live.EndAsync(
            new SessionChange(caller.PractitionerId!.Value, null, SessionCookies.TicketOf(http.User)?.SessionId, "password changed"));
    }

    /// <summary>
    /// Resets a forgotten password with the recovery code. The code is checked first, throttled like a login; until it
    /// is proved, unknown and known emails get the same answers after the same work. Then a new password wrap and a
    /// new recovery code replace the old ones, remembered devices are forgotten and every session of the account ends.
    /// </summary>
    public async Task<RecoveredResponse> RecoverAsync(RecoverRequest request, HttpContext http)
    {
        var anonymous = HttpCaller.From(http);
        RequireAcceptablePassword(request.NewPassword, "newPassword"); // the rules that do not depend on whose account it is
        var (id, account) = await AccountToTryAsync(request.Email, anonymous);
        var stored = await KeysOrNullAsync(account, a => a.BeginRecovery(anonymous));
        UserKeyPair keys;
        try
        {
            keys = UserKeyWrapping.UnwrapWithRecoveryCode(stored?.RecoveryWrapped ?? work.Decoy.RecoveryWrapped, stored?.PublicKey ?? work.Decoy.PublicKey, request.RecoveryCode ?? "");
        }
        catch (CryptoException e) when (e.Failure is CryptoFailure.WrongRecoveryCode or CryptoFailure.MalformedRecoveryCode)
        {
            await (account is null ? Throttle(request.Email).Fail(anonymous, "recovery.unknown") : account.PasswordFailed(anonymous));
            throw new DomainException(DomainErrorCode.Unauthenticated, "Wrong email or recovery code.");
        }

        using (keys)
        {
            // The code is proved: the rules that name the holder apply now.
            var self = Contracts.Access.Caller.Practitioner(id!.Value, anonymous.IpAddress, anonymous.UserAgent);
            var profile = (await cluster.Grain<IPractitionerGrain>(id.Value).GetProfile(self))!;
            RequireAcceptablePassword(request.NewPassword, "newPassword", profile.LastName, profile.FirstName, profile.Email.Split('@')[0]);
            using var recovery = RecoveryCode.New();
            var passwordWrapped = await work.RunAsync(() => UserKeyWrapping.WrapWithPassword(keys, request.NewPassword!, work.Kdf), http.RequestAborted);
            await account!.CompleteRecovery(stored! with { PasswordWrapped = passwordWrapped, RecoveryWrapped = UserKeyWrapping.WrapWithRecoveryCode(keys, recovery) }, self);
            return new RecoveredResponse(recovery.ToString());
        }
    }

    /// <summary>Sensitive actions (second-factor settings, devices) need a password proved this recently.</summary>
    public static readonly TimeSpan ReauthenticationWindow = TimeSpan.FromMinutes(10);

    public bool RecentlyAuthenticated(HttpContext http) =>
        SessionCookies.AuthenticatedAt(http.User) is { } at && clock.GetUtcNow() - at <= ReauthenticationWindow;

    /// <summary>Proves the password again within a session: the cookie is re-issued with a fresh authentication time.</summary>
    public async Task ReauthenticateAsync(string? password, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var profile = (await Me(caller).GetProfile(caller))!;
        var stored = (await Me<IPractitionerKeysGrain>(caller).GetKeys(caller))!;
        (await UnwrapOrCountFailureAsync(http, Me<IPractitionerLoginGrain>(caller), caller, stored.PasswordWrapped, stored.PublicKey, password,
            () => DomainException.Invalid([new("password", "is not your password")]), profile.Email)).Dispose();

        var ticket = SessionCookies.TicketOf(http.User)!;
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            SessionCookies.Principal(caller.PractitionerId!.Value, ticket, SessionCookies.StartedAt(http.User)!.Value, clock.GetUtcNow()));
    }

    /// <summary>The logged-in account as it sees itself.</summary>
    public async Task<MeResponse> MeAsync(HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var account = Me(caller);
        var profile = (await account.GetProfile(caller))!;
        var standing = await account.GetStanding();
        return new MeResponse(PractitionerResponse.From(profile), standing.Status, standing.IsOperator, standing.AcceptedTermsVersion);
    }

    /// <summary>The holder's own profile (null when nobody is logged in).</summary>
    public async Task<PractitionerProfile?> ProfileAsync(Caller caller) =>
        caller.PractitionerId is null ? null : await Me(caller).GetProfile(caller);

    /// <summary>The holder's own profile with their choices, as the profile page and <c>GET /account/profile</c> show it.</summary>
    public async Task<ProfileResponse> OwnProfileAsync(Caller caller)
    {
        var account = Me(caller);
        return ProfileResponse.From((await account.GetProfile(caller))!, await account.GetSmsNotifications(caller), (await account.GetCard(caller))?.Account);
    }

    /// <summary>Changes how colleagues reach the holder (see IPractitionerGrain.UpdateProfile).</summary>
    public async Task<ProfileResponse> UpdateProfileAsync(ProfileRequest request, Caller caller)
    {
        await Me(caller).UpdateProfile(new ProfileChange(request.Phone, request.Specialty, request.Address, request.Places), caller);
        return await OwnProfileAsync(caller);
    }

    /// <summary>Asks to move the account to a new address: a code goes there (see IPractitionerGrain.BeginEmailChange).</summary>
    public Task BeginEmailChangeAsync(string? email, Caller caller) => Me(caller).BeginEmailChange(email ?? "", caller);

    /// <summary>Sends the proof code again, to the new address waiting for it or the account's own.</summary>
    public Task SendEmailProofAsync(Caller caller) => Me(caller).SendEmailProof(caller);

    /// <summary>
    /// The code sent to an address: the logged-in holder's, or — right after registration, nobody logged in — the account
    /// registered with <paramref name="email"/>. An unknown email gets the same answer as a wrong code, after the same checks.
    /// </summary>
    public async Task ConfirmEmailAsync(string? email, string? code, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        if (caller.PractitionerId is { } me)
        {
            await cluster.Grain<IPractitionerGrain>(me).ConfirmEmail(code ?? "", caller);
            return;
        }

        if (string.IsNullOrWhiteSpace(email) || await cluster.Grain<IDirectoryGrain>(0).FindByEmail(email) is not { } id)
        {
            await Throttle(email ?? "").Fail(caller, "email.prove.unknown");
            throw new DomainException(DomainErrorCode.Unauthenticated, "The code is wrong, used or expired.");
        }

        await cluster.Grain<IPractitionerGrain>(id).ConfirmEmail(code ?? "", caller);
    }

    /// <summary>
    /// Puts the holder on the directory's red list (or takes them off): hidden from search, but still found by those
    /// already in contact with them.
    /// </summary>
    public Task SetRedListedAsync(bool redListed, Caller caller) => Me(caller).SetRedListed(redListed, caller);

    /// <summary>The holder's standing: status, operator flag, structure, terms accepted.</summary>
    public Task<AccountStanding> StandingAsync(Caller caller) => Me(caller).GetStanding();

    /// <summary>Whether the holder must accept the terms in force before going on.</summary>
    public async Task<bool> MustAcceptTermsAsync(Caller caller) => (await StandingAsync(caller)).AcceptedTermsVersion < CurrentTerms;

    /// <summary>Records acceptance of the terms in force; any other version is a conflict (the server knows which terms are current).</summary>
    public async Task AcceptTermsAsync(int version, Caller caller)
    {
        if (version != CurrentTerms)
        {
            throw new DomainException(DomainErrorCode.Conflict,
                $"The current terms of use are version {CurrentTerms}: read them and accept that version.",
                [new("version", $"must be the current version, {CurrentTerms}")]);
        }

        await Me(caller).AcceptTerms(version, caller);
    }

    /// <summary>The groups the holder belongs to (invited, accepted or confirmed).</summary>
    public Task<IReadOnlyList<Guid>> GroupsAsync(Caller caller) => Me(caller).GetGroups(caller);

    public Task<TotpEnrollment> BeginTotpAsync(Caller caller) => Me<IPractitionerLoginGrain>(caller).BeginTotpEnrollment(caller);

    public Task ConfirmTotpAsync(string? code, Caller caller) => Me<IPractitionerLoginGrain>(caller).ConfirmTotp(code ?? "", caller);

    public Task<IReadOnlyList<RememberedDevice>> DevicesAsync(Caller caller) => Me<IPractitionerLoginGrain>(caller).GetDevices(caller);

    public Task RevokeDeviceAsync(Guid device, Caller caller) => Me<IPractitionerLoginGrain>(caller).RevokeDevice(device, caller);

    /// <summary>The language of the account's emails and SMS: the one the holder last chose for the app.</summary>
    public Task SetLanguageAsync(string language, Caller caller) => Me(caller).SetLanguage(language, caller);

    public Task<bool> SmsNotificationsAsync(Caller caller) => Me(caller).GetSmsNotifications(caller);

    public Task SetSmsNotificationsAsync(bool enabled, Caller caller) => Me(caller).SetSmsNotifications(enabled, caller);

    /// <summary>Deletes the holder's account (see IPractitionerGrain.DeleteAccount), then ends this session.</summary>
    public async Task<AccountDeletion> DeleteAccountAsync(HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var deletion = await Me<IPractitionerDeletionGrain>(caller).DeleteAccount(caller);
        await LogoutAsync(http);
        return deletion;
    }

    private IPractitionerGrain Me(Caller caller) => Me<IPractitionerGrain>(caller);

    /// <summary>One of the logged-in account's grain interfaces (profile, login, keys, deletion).</summary>
    private T Me<T>(Caller caller)
        where T : IGrainWithGuidKey =>
        cluster.Grain<T>(caller.PractitionerId ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Log in first."));

    private async Task SignInAsync(HttpContext http, Guid practitioner, UserKeyPair keys)
    {
        var anonymous = HttpCaller.From(http);
        var ticket = await sessions.OpenAsync(practitioner, keys, CollabAuthentication.AbsoluteTimeout, anonymous.UserAgent);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionCookies.Principal(practitioner, ticket, clock.GetUtcNow()));
        try
        {
            // Members who accepted while no holder was online get the keys now.
            await Groups.GroupService.ShareWithAcceptedAsync(cluster, Caller.Practitioner(practitioner, anonymous.IpAddress, anonymous.UserAgent), keys);
        }
        catch (Exception e) when (e is DomainException or CryptoException)
        {
            logger.LogWarning("Sharing group keys at login failed ({Reason}); the groups page will retry", e is DomainException d ? d.Code : ((CryptoException)e).Failure);
        }
    }


    /// <summary>The password rules, reported under <paramref name="field"/> (the form's name for that password).</summary>
    public static void RequireAcceptablePassword(string? password, string field, params string?[] personalWords)
    {
        var errors = PasswordPolicy.Check(password, personalWords);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid([.. errors.Select(e => e with { Field = field })]);
        }
    }

    /// <summary>
    /// Opens the key with the password, which is how a password is checked: in turn after the other Argon2id runs of
    /// this node, and after the login throttle let the attempt through (when <paramref name="email"/> names it; the
    /// login step checked it already). A wrong password counts toward the throttle before <paramref name="wrong"/> is thrown.
    /// </summary>
    private async Task<UserKeyPair> UnwrapOrCountFailureAsync(
        HttpContext http, IPractitionerLoginGrain account, Contracts.Access.Caller caller, byte[] wrapped, byte[] publicKey, string? password,
        Func<DomainException> wrong, string? email = null)
    {
        if (email is not null)
        {
            await Throttle(email).Check(caller);
        }

        try
        {
            return await work.RunAsync(() => UserKeyWrapping.UnwrapWithPassword(wrapped, publicKey, password ?? ""), http.RequestAborted);
        }
        catch (CryptoException e) when (e.Failure == CryptoFailure.WrongPassword)
        {
            await account.PasswordFailed(caller);
            throw wrong();
        }
    }

    // The throttle first (the same for every identifier, known or not), then the account the email names, if any.
    private async Task<(Guid? Id, IPractitionerLoginGrain? Account)> AccountToTryAsync(string? email, Contracts.Access.Caller caller)
    {
        await Throttle(email).Check(caller);
        var id = await cluster.Grain<Contracts.Directory.IDirectoryGrain>(0).FindByEmail(email ?? "");
        return (id, id is { } known ? cluster.Grain<IPractitionerLoginGrain>(known) : null);
    }

    // An account without keys yet is answered like an unknown email.
    private static async Task<T?> KeysOrNullAsync<T>(IPractitionerLoginGrain? account, Func<IPractitionerLoginGrain, Task<T>> begin)
        where T : class
    {
        try
        {
            return account is null ? null : await begin(account);
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Conflict)
        {
            return null;
        }
    }

    private ILoginThrottleGrain Throttle(string? email) =>
        cluster.Grain<ILoginThrottleGrain>(LoginThrottleGrain.KeyFor(email));

    private static DomainException WrongCredentials() => new(DomainErrorCode.Unauthenticated, "Wrong email or password.");

    // The same Argon2id run as a real password check, on a key nobody can open.
    private bool SpendDecoyWork(string? password)
    {
        try
        {
            UserKeyWrapping.UnwrapWithPassword(work.Decoy.PasswordWrapped, work.Decoy.PublicKey, password ?? "").Dispose();
        }
        catch (CryptoException)
        {
        }

        return true;
    }
}
