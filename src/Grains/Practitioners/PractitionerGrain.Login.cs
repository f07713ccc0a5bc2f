using System.Security.Cryptography;
using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using OtpNet;

namespace Collab.Grains.Practitioners;

/// <summary>
/// Login: throttling and lock-out, one-time codes by email or SMS, TOTP, remembered devices. The
/// password itself is checked by the web node, which must unwrap the private key with it.
/// </summary>
public sealed partial class PractitionerGrain
{
    /// <summary>Failures allowed before delays start, and before the account locks.</summary>
    public const int FreeFailures = 3;
    public const int LockAfterFailures = 10;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(90);

    /// <summary>How long the password step stays valid while the user fetches their code.</summary>
    private static readonly TimeSpan SecondFactorWindow = TimeSpan.FromMinutes(10);

    public async Task<LoginChallenge> BeginLogin(Caller caller)
    {
        var profile = Profile;
        var keys = _state.State.Keys ?? throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} has no keys: finish registration first.");
        await ThrowIfThrottled(caller);
        if (profile.Status is AccountStatus.Suspended or AccountStatus.Rejected or AccountStatus.Deleted)
        {
            await RecordLogin(caller, "login.refused", AuditOutcome.Refused);
            throw new DomainException(DomainErrorCode.Forbidden, $"This account is {profile.Status.ToString().ToLowerInvariant()}.");
        }

        return new LoginChallenge(Id, profile.Status, keys.PublicKey, keys.PasswordWrapped, SecondFactors());
    }

    public async Task<Contracts.Keys.UserKeyMaterial> BeginRecovery(Caller caller)
    {
        var profile = Profile;
        var keys = _state.State.Keys ?? throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} has no keys.");
        await ThrowIfThrottled(caller);
        if (profile.Status is AccountStatus.Suspended or AccountStatus.Rejected or AccountStatus.Deleted)
        {
            await RecordLogin(caller, "recovery.refused", AuditOutcome.Refused);
            throw new DomainException(DomainErrorCode.Forbidden, $"This account is {profile.Status.ToString().ToLowerInvariant()}.");
        }

        await RecordLogin(caller, "recovery.begin", AuditOutcome.Succeeded);
        return keys with { PasswordWrapped = [] };
    }

    public async Task PasswordFailed(Caller caller)
    {
        _ = Profile;
        await Fail(caller, "login.password");
    }

    public async Task PasswordSucceeded(Caller caller)
    {
        _ = Profile;
        await ThrowIfThrottled(caller);
        _state.State.Login.PasswordVerifiedAt = _clock.GetUtcNow();
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.password", AuditCategory.Access), _logger);
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

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var login = _state.State.Login;
        login.CodeHash = CodeHash(code);
        login.CodeExpiresAt = _clock.GetUtcNow() + CodeLifetime;
        login.CodeChannel = channel;
        await _state.WriteAuditedAsync(_audit, Event(caller, $"login.code.send.{channel}", AuditCategory.Access), _logger);

        var text = $"Votre code de connexion Collab : {code} (valable 10 minutes). Ne le communiquez à personne.";
        if (channel == SecondFactor.EmailCode)
        {
            await _email.SendAsync(destination, "Collab : code de connexion", text);
        }
        else
        {
            await _sms.SendAsync(destination, text);
        }
    }

    public async Task CompleteLogin(SecondFactor factor, string code, Caller caller)
    {
        _ = Profile;
        await ThrowIfThrottled(caller);
        RequirePasswordStep();
        var login = _state.State.Login;
        var now = _clock.GetUtcNow();
        var accepted = factor switch
        {
            SecondFactor.EmailCode or SecondFactor.SmsCode =>
                login.CodeChannel == factor && login.CodeExpiresAt > now && login.CodeHash is { } hash
                && CryptographicOperations.FixedTimeEquals(hash, CodeHash(code ?? "")),
            SecondFactor.Totp => VerifyTotp(code, now),
            SecondFactor.RememberedDevice => UseDevice(code, now),
            _ => false,
        };

        if (!accepted)
        {
            await Fail(caller, $"login.factor.{factor}");
            throw new DomainException(DomainErrorCode.Unauthenticated, "The code is wrong, used or expired.");
        }

        // Single use: whatever succeeded cannot be replayed.
        login.CodeHash = null;
        login.CodeExpiresAt = null;
        login.PasswordVerifiedAt = null;
        login.Failures = 0;
        login.NextAttemptAt = null;
        _state.State.LastActivityAt = now;
        _state.State.LastInactivityWarningAt = null;
        await _state.WriteAuditedAsync(_audit, Event(caller, $"login.success.{factor}", AuditCategory.Access), _logger);
    }

    public async Task<TotpEnrollment> BeginTotpEnrollment(Caller caller)
    {
        var profile = Profile;
        AccessRules.RequireSelf(caller, Id, "set up another practitioner's authenticator");
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        _state.State.Login.TotpSecret = secret;
        _state.State.Login.TotpEnabled = false;
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.totp.begin"), _logger);
        var label = Uri.EscapeDataString($"Collab:{profile.Email}");
        return new TotpEnrollment(secret, $"otpauth://totp/{label}?secret={secret}&issuer=Collab&digits=6&period=30");
    }

    public async Task ConfirmTotp(string code, Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "set up another practitioner's authenticator");
        if (_state.State.Login.TotpSecret is null || !VerifyTotp(code, _clock.GetUtcNow()))
        {
            throw DomainException.Invalid([new("code", "does not match the authenticator: check the time on the phone and try the next code")]);
        }

        _state.State.Login.TotpEnabled = true;
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

        return factors;
    }

    private void RequirePasswordStep()
    {
        if (_state.State.Login.PasswordVerifiedAt is not { } at || _clock.GetUtcNow() - at > SecondFactorWindow)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        }
    }

    private async Task ThrowIfThrottled(Caller caller)
    {
        var login = _state.State.Login;
        var now = _clock.GetUtcNow();
        if (login.LockedUntil is { } locked)
        {
            if (now < locked)
            {
                await RecordLogin(caller, "login.locked", AuditOutcome.Refused);
                throw new DomainException(DomainErrorCode.TooManyAttempts, $"Too many failed attempts: the account is locked until {locked:HH:mm} UTC.");
            }

            login.LockedUntil = null;
            login.Failures = 0;
        }

        if (login.NextAttemptAt is { } next && now < next)
        {
            await RecordLogin(caller, "login.throttled", AuditOutcome.Refused);
            throw new DomainException(DomainErrorCode.TooManyAttempts, $"Wait {Math.Ceiling((next - now).TotalSeconds)} s before trying again.");
        }
    }

    // Growing delays after the first failures (2 s, 4 s, … 64 s), then a lock.
    private async Task Fail(Caller caller, string action)
    {
        var login = _state.State.Login;
        var now = _clock.GetUtcNow();
        login.Failures++;
        if (login.Failures >= LockAfterFailures)
        {
            login.LockedUntil = now + LockDuration;
            login.PasswordVerifiedAt = null;
        }
        else if (login.Failures > FreeFailures)
        {
            login.NextAttemptAt = now + TimeSpan.FromSeconds(Math.Pow(2, login.Failures - FreeFailures));
        }

        await _state.WriteAuditedAsync(_audit, Event(caller, action, AuditCategory.Access, AuditOutcome.Failed), _logger);
    }

    private Task RecordLogin(Caller caller, string action, AuditOutcome outcome) =>
        _audit.RecordAsync([Event(caller, action, AuditCategory.Access, outcome)]);

    private bool VerifyTotp(string? code, DateTimeOffset now)
    {
        var login = _state.State.Login;
        if (login.TotpSecret is null || code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(login.TotpSecret));
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

    private byte[] CodeHash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes($"{Id}:{code}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
