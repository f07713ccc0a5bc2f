using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;

namespace Collab.Grains.Practitioners;

/// <summary>
/// Pro Santé Connect: the national provider proved, with a CPS or e-CPS card at the eidas1 level, who the holder is.
/// The web node hands over the card's national identifier once the provider's signed answer checked out; the grain
/// accepts it only from the platform and only when it names this account's RPPS/ADELI.
/// </summary>
public sealed partial class PractitionerGrain
{
    public async Task ValidateByProSanteConnect(string nationalId, Caller caller)
    {
        var profile = RequireProvedBy(nationalId, caller);
        _state.State.ProvedByPscAt = _clock.GetUtcNow();
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.psc.prove", AuditCategory.Access), _logger);
        if (profile.Status == AccountStatus.Pending)
        {
            await Transition(caller, "practitioner.validate", AccountStatus.Active, [AccountStatus.Pending]);
        }
    }

    public async Task CompleteProSanteConnectLogin(string nationalId, Caller caller)
    {
        RequireProvedBy(nationalId, caller);
        await Throttle.Check(caller);
        RequirePasswordStep();
        _state.State.ProvedByPscAt = _clock.GetUtcNow();
        await LoginSucceededAsync(caller, "ProSanteConnect");
    }

    private PractitionerProfile RequireProvedBy(string nationalId, Caller caller)
    {
        var profile = Profile;
        if (!caller.IsSystem)
        {
            throw AccessRules.Forbidden("vouch for an identity proved by Pro Santé Connect");
        }

        if (NationalIdentifier.Parse(nationalId) != profile.Identifier)
        {
            throw DomainException.Invalid([new("identifier", "the card proved another professional's identity than this account's")]);
        }

        return profile;
    }
}
