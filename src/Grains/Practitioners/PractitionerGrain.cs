using Collab.Contracts.Access;
using Collab.Contracts.Errors;
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
        await state.WriteAuditedAsync(
            audit, AuditEvent.Of(clock, caller, AuditCategory.Functional, "practitioner.register", ObjectType, Id.ToString()), logger);
        return profile;
    }

    public Task<PractitionerProfile?> GetProfile(Caller caller) => Task.FromResult(state.State.Profile);
}
