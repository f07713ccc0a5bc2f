using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Fido2NetLib;
using Fido2NetLib.Objects;

namespace Collab.Grains.Practitioners;

/// <summary>
/// Passkeys (WebAuthn, through the Fido2 library) as a second factor: the relying party is the platform's public
/// address (its host is the RP id, its origin the only one accepted), so a look-alike site gets nothing it can replay.
/// One ceremony at a time per account, valid 5 minutes and once. A passkey proves the person holds the device; it does
/// not unwrap their keys, which still need the password (or the recovery code).
/// </summary>
public sealed partial class PractitionerGrain
{
    public const int MaxPasskeys = 10;
    public static readonly TimeSpan PasskeyCeremonyLifetime = TimeSpan.FromMinutes(5);

    private IFido2? _fido;

    private IFido2 Fido => _fido ??= new Fido2(new Fido2Configuration
    {
        RPID = _links.BaseUrl.Host,
        RPName = "Collab",
        Origins = new HashSet<string> { _links.BaseUrl.GetLeftPart(UriPartial.Authority) },
    });

    public async Task<string> BeginPasskeyRegistration(Caller caller)
    {
        var profile = Profile;
        AccessRules.RequireSelf(caller, Id, "add a passkey for another practitioner");
        var login = _state.State.Login;
        if (login.Passkeys.Count >= MaxPasskeys)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"At most {MaxPasskeys} passkeys: remove one first.");
        }

        var options = Fido.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Id.Value.ToByteArray(), Name = profile.Email, DisplayName = $"{profile.FirstName} {profile.LastName}" },
            ExcludeCredentials = login.Passkeys.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId)).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Discouraged, UserVerification = UserVerificationRequirement.Preferred },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return await StartCeremonyAsync(options.ToJson(), creates: true, caller, "login.passkey.begin");
    }

    public async Task<Passkey> CompletePasskeyRegistration(string credential, string name, Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "add a passkey for another practitioner");
        var options = TakeCeremony(creates: true) is { } json
            ? CredentialCreateOptions.FromJson(json)
            : throw DomainException.Invalid([new("credential", "the passkey ceremony expired or was used: start again")]);
        var login = _state.State.Login;
        RegisteredPublicKeyCredential registered;
        try
        {
            registered = await Fido.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = Parse<AuthenticatorAttestationRawResponse>(credential),
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = (args, _) => Task.FromResult(!login.Passkeys.Any(p => p.CredentialId.AsSpan().SequenceEqual(args.CredentialId))),
            });
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or ArgumentException or InvalidOperationException)
        {
            await _state.WriteAuditedAsync(_audit, Event(caller, "login.passkey.add", outcome: AuditOutcome.Refused), _logger);
            throw DomainException.Invalid([new("credential", "was not accepted by the server (wrong site, expired or altered answer)")]);
        }

        var trimmed = string.IsNullOrWhiteSpace(name) ? "Passkey" : name.Trim()[..Math.Min(name.Trim().Length, 100)];
        var passkey = new PasskeyState
        {
            Id = Guid.NewGuid(),
            Name = trimmed,
            CredentialId = registered.Id,
            PublicKey = registered.PublicKey,
            SignCount = registered.SignCount,
            AddedAt = _clock.GetUtcNow(),
        };
        login.Passkeys.Add(passkey);
        await _state.WriteAuditedAsync(_audit, Event(caller, "login.passkey.add"), _logger);
        return View(passkey);
    }

    public Task<IReadOnlyList<Passkey>> GetPasskeys(Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "list another practitioner's passkeys");
        return Task.FromResult<IReadOnlyList<Passkey>>(_state.State.Login.Passkeys.Select(View).ToList());
    }

    public async Task RemovePasskey(Guid passkey, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "remove another practitioner's passkey");
        if (_state.State.Login.Passkeys.RemoveAll(p => p.Id == passkey) == 0)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No passkey {passkey}.");
        }

        await _state.WriteAuditedAsync(_audit, Event(caller, "login.passkey.remove"), _logger);
    }

    public async Task<string> BeginPasskeyLogin(Caller caller)
    {
        _ = Profile;
        await Throttle.Check(caller);
        RequirePasswordStep();
        var passkeys = _state.State.Login.Passkeys;
        if (passkeys.Count == 0)
        {
            throw new DomainException(DomainErrorCode.Conflict, "This account has no passkey: use a code.");
        }

        var options = Fido.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = passkeys.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId)).ToList(),
            UserVerification = UserVerificationRequirement.Preferred,
        });
        return await StartCeremonyAsync(options.ToJson(), creates: false, caller, "login.passkey.challenge");
    }

    // The assertion answers the challenge of this account's login ceremony, is signed by one of its passkeys for this
    // site, and its counter moved on (a cloned authenticator that replays an old counter is refused).
    private async Task<bool> VerifyPasskeyAsync(string assertion)
    {
        if (TakeCeremony(creates: false) is not { } json)
        {
            return false;
        }

        try
        {
            var response = Parse<AuthenticatorAssertionRawResponse>(assertion);
            var passkey = _state.State.Login.Passkeys.FirstOrDefault(p => p.CredentialId.AsSpan().SequenceEqual(response.RawId));
            if (passkey is null)
            {
                return false;
            }

            var owner = Id.Value.ToByteArray();
            var result = await Fido.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(json),
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(owner)),
            });
            passkey.SignCount = result.SignCount;
            passkey.LastUsedAt = _clock.GetUtcNow();
            return true;
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<string> StartCeremonyAsync(string options, bool creates, Caller caller, string action)
    {
        var login = _state.State.Login;
        login.PasskeyCeremony = options;
        login.PasskeyCeremonyCreates = creates;
        login.PasskeyCeremonyExpiresAt = _clock.GetUtcNow() + PasskeyCeremonyLifetime;
        await _state.WriteAuditedAsync(_audit, Event(caller, action, AuditCategory.Access), _logger);
        return options;
    }

    // Single use: whatever the outcome, the ceremony is over (the caller writes the state).
    private string? TakeCeremony(bool creates)
    {
        var login = _state.State.Login;
        var options = login.PasskeyCeremony is { } json && login.PasskeyCeremonyCreates == creates && login.PasskeyCeremonyExpiresAt > _clock.GetUtcNow() ? json : null;
        login.PasskeyCeremony = null;
        login.PasskeyCeremonyExpiresAt = null;
        return options;
    }

    private static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json) ?? throw new JsonException("empty");

    private static Passkey View(PasskeyState p) => new(p.Id, p.Name, p.AddedAt, p.LastUsedAt);
}
