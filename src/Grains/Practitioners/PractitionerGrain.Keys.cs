using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;

namespace Collab.Grains.Practitioners;

/// <summary>Key material: stored wrapped, replaced only around the same public key.</summary>
public sealed partial class PractitionerGrain : IPractitionerKeysGrain
{
    public async Task SetKeys(UserKeyMaterial keys, Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "set another practitioner's keys");
        ThrowIfInvalid(keys);
        if (_state.State.Keys is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} already has keys; replace their wraps instead.");
        }

        _state.State.Keys = keys;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.keys.create"), _logger);
    }

    public async Task ReplaceKeyWraps(UserKeyMaterial keys, Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "replace another practitioner's keys");
        ThrowIfInvalid(keys);
        var current = _state.State.Keys ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} has no keys yet.");
        if (!current.PublicKey.AsSpan().SequenceEqual(keys.PublicKey))
        {
            throw DomainException.Invalid([new("publicKey", "must stay the same: only the wraps of the private key change")]);
        }

        _state.State.Keys = keys;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.keys.rewrap"), _logger);
    }

    public async Task<UserKeyMaterial?> GetEscrow(Caller caller)
    {
        var profile = Profile;
        await AccessRules.RequireAdministrator(GrainFactory, caller, profile.Structure, "open a member's escrow");
        await _audit.RecordAsync([Event(caller, "practitioner.keys.escrow.read", AuditCategory.Access)]);
        return _state.State.Keys is { EscrowSealed: not null } keys ? keys with { PasswordWrapped = [], RecoveryWrapped = [] } : null;
    }

    public async Task ResetPasswordByAdministrator(byte[] passwordWrapped, Caller caller)
    {
        var profile = Profile;
        await AccessRules.RequireAdministrator(GrainFactory, caller, profile.Structure, "reset a member's password");
        var current = _state.State.Keys ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} has no keys.");
        ThrowIfInvalid(current with { PasswordWrapped = passwordWrapped });
        _state.State.Keys = current with { PasswordWrapped = passwordWrapped };
        _state.State.Login.Devices.Clear();
        _state.State.Login.PasswordVerifiedAt = null;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.keys.escrow-reset"), _logger);
        await Throttle.Reset();
        await EndSessionsAsync("password reset by an administrator");
    }

    public Task<UserKeyMaterial?> GetKeys(Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "read another practitioner's wrapped keys");
        return Task.FromResult(_state.State.Keys);
    }

    public Task<byte[]> GetPublicKey() =>
        Task.FromResult(_state.State.Keys?.PublicKey ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} has no keys yet."));

    private static void ThrowIfInvalid(UserKeyMaterial keys)
    {
        var errors = KeyMaterialRules.Check(keys);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }
    }
}
