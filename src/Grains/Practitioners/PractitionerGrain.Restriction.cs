using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Notifications;

namespace Collab.Grains.Practitioners;

/// <summary>Unusual access: flags from the detector, the warning to the holder, the restriction.</summary>
public sealed partial class PractitionerGrain
{
    private const int MaxFlags = 100;

    public async Task Flag(AccessFlag flag, Caller caller)
    {
        if (!caller.IsSystem)
        {
            throw AccessRules.Forbidden("raise an unusual-access flag");
        }

        var profile = Profile;
        if (_state.State.Flags.Any(f => f.Id == flag.Id))
        {
            return; // the detector handed it over again
        }

        _state.State.Flags.Add(flag);
        if (_state.State.Flags.Count > MaxFlags)
        {
            _state.State.Flags.RemoveAt(0);
        }

        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, caller, AuditCategory.Functional, "practitioner.access.flag", ObjectType, Id.ToString(),
            detail: JsonSerializer.Serialize(new { rule = flag.Rule.ToString(), flag.WindowStart, flag.Observed, flag.Threshold })), _logger);
        var structure = profile.Structure is { } s ? await GrainFactory.GetGrain<IStructureGrain>(s).Get() : null;
        foreach (var admin in structure?.Admins ?? [])
        {
            if (await GrainFactory.GetGrain<IPractitionerGrain>(admin.Value).GetProfile(caller) is { Status: AccountStatus.Active } to)
            {
                await _email.SendAsync(to.Email, "Collab : accès inhabituel à vérifier",
                    $"Le compte de {profile.FirstName} {profile.LastName} a déclenché la règle « {RuleText(flag.Rule)} » "
                    + $"({flag.Observed} pour un seuil de {flag.Threshold}, à partir du {ParisTime.Text(flag.WindowStart)}). "
                    + $"Consultez les alertes et les traces dans l'administration de Collab ({_links.Page("admin")}) ; vous pouvez prévenir l'utilisateur puis restreindre son compte.");
            }
        }
    }

    public async Task WarnOfRestriction(string reason, Caller caller)
    {
        var profile = Profile;
        await AccessRules.RequireAdministrator(GrainFactory, caller, profile.Structure, "warn of a restriction");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            throw DomainException.Invalid([new("reason", "say why, in at most 1000 characters")]);
        }

        if (profile.Status != AccountStatus.Active)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} is {profile.Status}: only an active account can be warned of a restriction.");
        }

        _state.State.RestrictionWarnedAt = _clock.GetUtcNow();
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.restriction.warn"), _logger);
        await _email.SendAsync(profile.Email, "Collab : accès inhabituels sur votre compte",
            "L'administrateur de votre structure a constaté des accès inhabituels sur votre compte Collab et pourra en restreindre l'accès aux données de santé. "
            + $"Son message : {reason.Trim()} — Répondez-lui si ces accès sont légitimes.");
    }

    public async Task Restrict(Caller caller)
    {
        var profile = Profile;
        await AccessRules.RequireAdministrator(GrainFactory, caller, profile.Structure, "restrict an account");
        if (profile.Status != AccountStatus.Active)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} is {profile.Status}: only an active account can be restricted.");
        }

        if (_state.State.RestrictionWarnedAt is null)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Tell the user first: warn them of the restriction, then restrict.");
        }

        _state.State.Profile = profile with { Status = AccountStatus.Restricted };
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.restrict"), _logger);
        await PublishAsync();
        // Still logged in (to be told why), but nothing open keeps decrypting: every live view closes and forgets its keys.
        await GrainFactory.GetGrain<ISessionBroadcastGrain>(0).Publish(new SessionChange(Id.Value, null, null, "practitioner.restrict", ViewsOnly: true));
        await _email.SendAsync(profile.Email, "Collab : accès restreint",
            "Votre accès aux données de santé sur Collab est restreint par l'administrateur de votre structure à la suite d'accès inhabituels. Contactez-le pour le rétablir.");
    }

    private static string RuleText(AccessRule rule) => rule switch
    {
        AccessRule.ManyPatients => "nombreux patients ouverts en une heure",
        AccessRule.RepeatedRefusals => "accès refusés répétés",
        _ => "accès aux heures inhabituelles",
    };
}
