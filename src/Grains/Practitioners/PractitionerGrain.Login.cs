using System.Security.Cryptography;
using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Notifications;
using OtpNet;

namespace Collab.Grains.Practitioners;

/// <summary>
/// Login: throttling and lock-out, one-time codes by email or SMS, TOTP, remembered devices. The
/// password itself is checked by the web node, which must unwrap the private key with it.
/// </summary>
public sealed partial class PractitionerGrain : IPractitionerLoginGrain
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(90);

    /// <summary>At most this many one-time codes (email or SMS) per <see cref="CodeWindow"/>: each costs a message, and codes are guesses' targets.</summary>
    public const int MaxCodesPerWindow = 5;
    public static readonly TimeSpan CodeWindow = TimeSpan.FromMinutes(15);

    /// <summary>How long the password step stays valid while the user fetches their code.</summary>
    private static readonly TimeSpan SecondFactorWindow = TimeSpan.FromMinutes(10);

    // Before the password is proved nothing here may differ between accounts, or from an unknown email: the
    // status is told only once the secret is right (PasswordSucceeded, CompleteRecovery).
    public Task<LoginChallenge> BeginLogin(Caller caller)
    {
        var profile = Profile;
        var keys = _state.State.Keys ?? throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} has no keys: finish registration first.");
        return Task.FromResult(new LoginChallenge(Id, profile.Status, keys.PublicKey, keys.PasswordWrapped, SecondFactors()));
    }

    public Task<Contracts.Keys.UserKeyMaterial> BeginRecovery(Caller caller)
    {
        _ = Profile;
        var keys = _state.State.Keys ?? throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} has no keys.");
        return Task.FromResult(keys with { PasswordWrapped = [] });
    }

    public async Task PasswordFailed(Caller caller)
    {
        _ = Profile;
        await Fail(caller, "login.password");
    }

    public async Task PasswordSucceeded(Caller caller)
    {
        var profile = Profile;
        await RefuseUnlessMayLogIn(profile, caller, "login.refused");
        _state.State.Login.PasswordVerifiedAt = _clock.GetUtcNow();
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.password", AuditCategory.Access), _logger);
    }

    public async Task CompleteRecovery(Contracts.Keys.UserKeyMaterial keys, Caller caller)
    {
        var profile = Profile;
        AccessRules.RequireSelf(caller, Id, "recover another practitioner's account");
        await RefuseUnlessMayLogIn(profile, caller, "recovery.refused");
        ThrowIfInvalid(keys);
        var current = _state.State.Keys ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} has no keys yet.");
        if (!current.PublicKey.AsSpan().SequenceEqual(keys.PublicKey))
        {
            throw DomainException.Invalid([new("publicKey", "must stay the same: only the wraps of the private key change")]);
        }

        // Whoever knew the old password may have remembered a device with it: a recovery starts afresh.
        _state.State.Keys = keys;
        _state.State.Login.Devices.Clear();
        _state.State.Login.PasswordVerifiedAt = null;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.recover"), _logger);
        await Throttle.Reset();
        await EndSessionsAsync("password reset with the recovery code");
    }

    public async Task SendLoginCode(SecondFactor channel, Caller caller)
    {
        var profile = Profile;
        RequirePasswordStep();
        var destination = channel switch
        {
            SecondFactor.EmailCode => profile.Email,
            SecondFactor.SmsCode => profile.Phone ?? throw DomainException.Invalid([new("channel", "no phone number on this account: use email")]),
            _ => throw DomainException.Invalid([new("channel", "codes go by EmailCode or SmsCode")]),
        };

        var login = _state.State.Login;
        var now = _clock.GetUtcNow();
        if (CodeRefusal(login.CodesSentAt, now) is { } refusal)
        {
            await RecordLogin(caller, $"login.code.limit.{channel}", AuditOutcome.Refused);
            throw refusal;
        }

        var code = NewCode();
        login.CodeHash = CodeHash(code);
        login.CodeExpiresAt = now + CodeLifetime;
        login.CodeChannel = channel;
        login.CodesSentAt.Add(now);
        await _state.WriteAuditedAsync(_audit, Event(caller, $"login.code.send.{channel}", AuditCategory.Access), _logger);

        var (subject, text) = Notices.Of(Profile.Language, "LoginCode", code);
        if (channel == SecondFactor.EmailCode)
        {
            await _email.SendAsync(destination, subject, text);
        }
        else
        {
            await _sms.SendAsync(destination, text);
        }
    }

    public async Task CompleteLogin(SecondFactor factor, string code, Caller caller)
    {
        _ = Profile;
        await Throttle.Check(caller);
        RequirePasswordStep();
        var login = _state.State.Login;
        var now = _clock.GetUtcNow();
        var accepted = factor switch
        {
            SecondFactor.EmailCode or SecondFactor.SmsCode =>
                login.CodeChannel == factor && login.CodeExpiresAt > now && login.CodeHash is { } hash
                && CryptographicOperations.FixedTimeEquals(hash, CodeHash(code ?? "")),
            SecondFactor.Totp => login.TotpEnabled && VerifyTotp(login.TotpSecret, code, now),
            SecondFactor.RememberedDevice => UseDevice(code, now),
            SecondFactor.Passkey => await VerifyPasskeyAsync(code ?? ""),
            _ => false,
        };

        if (!accepted)
        {
            await Fail(caller, $"login.factor.{factor}");
            throw new DomainException(DomainErrorCode.Unauthenticated, "The code is wrong, used or expired.");
        }

        if (factor == SecondFactor.EmailCode)
        {
            _state.State.EmailProvedAt ??= now; // the code came from that inbox
        }

        await LoginSucceededAsync(caller, factor.ToString());
    }

    private async Task LoginSucceededAsync(Caller caller, string factor)
    {
        var login = _state.State.Login;
        var now = _clock.GetUtcNow();

        // Single use: whatever succeeded cannot be replayed.
        login.CodeHash = null;
        login.CodeExpiresAt = null;
        login.PasswordVerifiedAt = null;
        login.CodesSentAt.Clear();
        _state.State.LastActivityAt = now;
        _state.State.LastInactivityWarningAt = null;
        await _state.WriteAuditedAsync(_audit, Event(caller, $"login.success.{factor}", AuditCategory.Access), _logger);
        await Throttle.Reset();
        GrainFactory.Grain<Contracts.Mailboxes.IMailboxGrain>(Id.Value).Touch().Ignore(); // a login keeps the secure mailbox open
    }

    public async Task<TotpEnrollment> BeginTotpEnrollment(Caller caller)
    {
        var profile = Profile;
        AccessRules.RequireSelf(caller, Id, "set up another practitioner's authenticator");
        // Held apart until confirmed: an unconfirmed secret never stands for the second factor, and a
        // re-enrolment does not switch off the authenticator in use.
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        _state.State.Login.PendingTotpSecret = secret;
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.totp.begin"), _logger);
        var label = Uri.EscapeDataString($"Collab:{profile.Email}");
        return new TotpEnrollment(secret, $"otpauth://totp/{label}?secret={secret}&issuer=Collab&digits=6&period=30");
    }

    public async Task ConfirmTotp(string code, Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "set up another practitioner's authenticator");
        var login = _state.State.Login;
        if (login.PendingTotpSecret is not { } pending || !VerifyTotp(pending, code, _clock.GetUtcNow()))
        {
            throw DomainException.Invalid([new("code", "does not match the authenticator: check the time on the phone and try the next code")]);
        }

        login.TotpSecret = pending;
        login.PendingTotpSecret = null;
        login.TotpEnabled = true;
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.totp.enable"), _logger);
    }

    public async Task<string> RememberDevice(string name, Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "remember a device for another practitioner");
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var device = new DeviceState
        {
            Id = Guid.NewGuid(),
            Name = string.IsNullOrWhiteSpace(name) ? "Appareil" : name.Trim()[..Math.Min(name.Trim().Length, 100)],
            TokenHash = SHA256.HashData(Encoding.ASCII.GetBytes(token)),
            RememberedAt = _clock.GetUtcNow(),
        };
        _state.State.Login.Devices.Add(device);
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.device.remember"), _logger);
        return token;
    }

    public Task<IReadOnlyList<RememberedDevice>> GetDevices(Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "list another practitioner's devices");
        return Task.FromResult<IReadOnlyList<RememberedDevice>>(
            _state.State.Login.Devices.Select(d => new RememberedDevice(d.Id, d.Name, d.RememberedAt, d.LastUsedAt)).ToList());
    }

    public async Task RevokeDevice(Guid device, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "revoke another practitioner's device");
        if (_state.State.Login.Devices.RemoveAll(d => d.Id == device) == 0)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No remembered device {device}.");
        }

        await _state.WriteAuditedAsync(_audit, Event(caller, "login.device.revoke"), _logger);
    }

    private List<SecondFactor> SecondFactors()
    {
        var factors = new List<SecondFactor> { SecondFactor.EmailCode };
        if (_state.State.Profile?.Phone is not null)
        {
            factors.Add(SecondFactor.SmsCode);
        }

        if (_state.State.Login.TotpEnabled)
        {
            factors.Add(SecondFactor.Totp);
        }

        if (_state.State.Login.Passkeys.Count > 0)
        {
            factors.Add(SecondFactor.Passkey);
        }

        return factors;
    }

    private void RequirePasswordStep()
    {
        if (_state.State.Login.PasswordVerifiedAt is not { } at || _clock.GetUtcNow() - at > SecondFactorWindow)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        }
    }

    // Told only after the secret is proved: until then a suspended account answers like a wrong password.
    private async Task RefuseUnlessMayLogIn(PractitionerProfile profile, Caller caller, string action)
    {
        if (profile.Status is AccountStatus.Suspended or AccountStatus.Rejected or AccountStatus.Deleted)
        {
            await RecordLogin(caller, action, AuditOutcome.Refused);
            throw new DomainException(DomainErrorCode.Forbidden, $"This account is {profile.Status.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>The throttle of this account's login identifier (its email), shared with attempts made before the account is known.</summary>
    private ILoginThrottleGrain Throttle => GrainFactory.Grain<ILoginThrottleGrain>(LoginThrottleGrain.KeyFor(Profile.Email));

    private async Task Fail(Caller caller, string action)
    {
        _state.State.Login.PasswordVerifiedAt = null;
        await _state.WriteAuditedAsync(_audit, Event(caller, action, AuditCategory.Access, AuditOutcome.Failed), _logger);
        if (await Throttle.Fail(caller))
        {
            // The holder learns of the lock by email; whoever guesses learns nothing new.
            await _email.SendAsync(Profile, "Locked", ParisTime.Text(_clock.GetUtcNow() + LoginThrottleGrain.LockDuration));
        }
    }

    private Task RecordLogin(Caller caller, string action, AuditOutcome outcome) =>
        _audit.RecordAsync([Event(caller, action, AuditCategory.Access, outcome)]);

    private bool VerifyTotp(string? secret, string? code, DateTimeOffset now)
    {
        var login = _state.State.Login;
        if (secret is null || code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        if (!totp.VerifyTotp(now.UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) || step <= login.LastTotpStep)
        {
            return false; // wrong, or a code already used
        }

        login.LastTotpStep = step;
        return true;
    }

    private bool UseDevice(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        var device = _state.State.Login.Devices.FirstOrDefault(d => CryptographicOperations.FixedTimeEquals(d.TokenHash, hash));
        if (device is null || now - device.RememberedAt > DeviceLifetime)
        {
            return false;
        }

        device.LastUsedAt = now;
        return true;
    }

    // At most MaxCodesPerWindow codes per window (each costs a message, and codes are guesses' targets): the refusal to
    // throw when the window is full, else null (the times older than the window are dropped).
    private static DomainException? CodeRefusal(List<DateTimeOffset> sentAt, DateTimeOffset now)
    {
        sentAt.RemoveAll(at => now - at >= CodeWindow);
        return sentAt.Count < MaxCodesPerWindow ? null
            : new DomainException(DomainErrorCode.TooManyAttempts, $"At most {MaxCodesPerWindow} codes every {CodeWindow.TotalMinutes:0} minutes: use the last one received, or wait.")
            {
                RetryAfterSeconds = (int)Math.Ceiling((sentAt.Min() + CodeWindow - now).TotalSeconds),
            };
    }

    private static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private byte[] CodeHash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes($"{Id}:{code}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
