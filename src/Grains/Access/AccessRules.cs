using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;

namespace Collab.Grains.Access;

/// <summary>
/// Who may do what, asked of the grains that know (never of the caller's claims): an account's
/// standing from its practitioner grain, administration from the structure grain.
/// </summary>
public static class AccessRules
{
    /// <summary>The platform, an operator, or an active administrator of <paramref name="structure"/>.</summary>
    public static async Task RequireAdministrator(IGrainFactory grains, Caller caller, Guid? structure, string action)
    {
        if (caller.IsSystem)
        {
            return;
        }

        var standing = await RequireActive(grains, caller, action);
        if (standing.IsOperator)
        {
            return;
        }

        if (structure is { } id && await grains.Grain<IStructureGrain>(id).IsAdmin(new PractitionerId(caller.PractitionerId!.Value)))
        {
            return;
        }

        throw Forbidden(action);
    }

    /// <summary>The platform or an operator.</summary>
    public static async Task RequireOperator(IGrainFactory grains, Caller caller, string action)
    {
        if (caller.IsSystem || (await RequireActive(grains, caller, action)).IsOperator)
        {
            return;
        }

        throw Forbidden(action);
    }

    /// <summary>An active, validated account (pending, suspended and revoked accounts see no health data).</summary>
    public static async Task<AccountStanding> RequireActive(IGrainFactory grains, Caller caller, string action)
    {
        var id = caller.PractitionerId ?? throw Forbidden(action);
        var standing = await grains.Grain<IPractitionerGrain>(id).GetStanding();
        return standing.Status == AccountStatus.Active ? standing : throw Forbidden(action);
    }

    /// <summary>
    /// An active account that gives or asks for care: an operator of the platform is not one (the operator never
    /// reads health data), so never a party to a consultation nor a member of a group.
    /// </summary>
    public static async Task<AccountStanding> RequireCareProvider(IGrainFactory grains, Caller caller, string action)
    {
        var standing = await RequireActive(grains, caller, action);
        return standing.IsOperator ? throw Forbidden(action + " (an operator of the platform never reads health data)") : standing;
    }

    /// <summary>
    /// Refuses <paramref name="practitioner"/> where only a care provider may stand (a group's member, a structure's
    /// administrator): the operator never reads health data. <paramref name="field"/> names the input.
    /// </summary>
    public static async Task RequireNotOperator(IGrainFactory grains, PractitionerId practitioner, string field, string role)
    {
        if ((await grains.Grain<IPractitionerGrain>(practitioner.Value).GetStanding()).IsOperator)
        {
            throw DomainException.Invalid([new(field, $"an operator of the platform cannot be {role}: the operator never reads health data")]);
        }
    }

    /// <summary>The account holder themself (or the platform).</summary>
    public static void RequireSelf(Caller caller, PractitionerId account, string action)
    {
        if (!caller.IsSystem && caller.PractitionerId != account.Value)
        {
            throw Forbidden(action);
        }
    }

    public static DomainException Forbidden(string action) => new(DomainErrorCode.Forbidden, $"Not allowed: {action}.");
}
