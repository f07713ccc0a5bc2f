using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Practitioners;

public sealed class PractitionerGrain(
    [PersistentState("practitioner", StorageNames.Collab)] IPersistentState<PractitionerState> state,
    IAuditTrail audit,
    TimeProvider clock,
    ILogger<PractitionerGrain> logger) : Grain, IPractitionerGrain
{
    private const string ObjectType = "practitioner";

    private PractitionerId Id => new(this.GetPrimaryKey());

    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.FlushAuditAsync(audit);

    public async Task<PractitionerProfile> Register(PractitionerRegistration registration, Caller caller)
    {
        var errors = PractitionerRules.Check(registration);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (state.State.Profile is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} is already registered.");
        }

        var profile = new PractitionerProfile(
            Id,
            registration.LastName.Trim(),
            registration.FirstName.Trim(),
            registration.Profession,
            registration.Identifier,
            registration.Email.Trim().ToLowerInvariant(),
            clock.GetUtcNow());

        state.State.Profile = profile;
        await state.WriteAuditedAsync(audit, Event(caller, "practitioner.register"), logger);
        return profile;
    }

    public Task<PractitionerProfile?> GetProfile(Caller caller) => Task.FromResult(state.State.Profile);

    public async Task SetKeys(UserKeyMaterial keys, Caller caller)
    {
        RequireRegistered();
        ThrowIfInvalid(keys);
        if (state.State.Keys is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} already has keys; replace their wraps instead.");
        }

        state.State.Keys = keys;
        await state.WriteAuditedAsync(audit, Event(caller, "practitioner.keys.create"), logger);
    }

    public async Task ReplaceKeyWraps(UserKeyMaterial keys, Caller caller)
    {
        RequireRegistered();
        ThrowIfInvalid(keys);
        var current = state.State.Keys ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} has no keys yet.");
        if (!current.PublicKey.AsSpan().SequenceEqual(keys.PublicKey))
        {
            throw DomainException.Invalid([new("publicKey", "must stay the same: only the wraps of the private key change")]);
        }

        state.State.Keys = keys;
        await state.WriteAuditedAsync(audit, Event(caller, "practitioner.keys.rewrap"), logger);
    }

    public Task<UserKeyMaterial?> GetKeys(Caller caller) => Task.FromResult(state.State.Keys);

    public Task<byte[]> GetPublicKey() =>
        Task.FromResult(state.State.Keys?.PublicKey ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} has no keys yet."));

    private void RequireRegistered()
    {
        if (state.State.Profile is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} is not registered.");
        }
    }

    private static void ThrowIfInvalid(UserKeyMaterial keys)
    {
        var errors = KeyMaterialRules.Check(keys);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }
    }

    private AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString());
}
