using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Notifications;

namespace Collab.Grains.Practitioners;

/// <summary>Standing (<see cref="IPractitionerStandingGrain"/>): validation, suspension, reactivation; unusual access — flags from the detector, the warning to the holder, the restriction.</summary>
public sealed partial class PractitionerGrain : IPractitionerStandingGrain
{
    // People validate what they checked, a proved address among it, and tell the holder; the platform (demo data, Pro Santé
    // Connect) vouches on its own and tells nobody.
    public async Task Validate(Caller caller)
    {
        await Transition(caller, "practitioner.validate", AccountStatus.Active, [AccountStatus.Pending],
            () => !caller.IsSystem && _state.State.EmailProvedAt is null
                ? new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} has not proved their email address yet: they type the code sent there, or log in once with an emailed code.")
                : null);
        if (!caller.IsSystem)
        {
            await _email.SendAsync(Profile, "Validated", _links.Page("login"));
        }
    }

    public Task Reject(Caller caller, string? reason = null) => DecideAndTell(caller, "practitioner.reject", AccountStatus.Rejected, [AccountStatus.Pending], "Rejected", reason);

    public Task Suspend(Caller caller, string? reason = null) => DecideAndTell(caller, "practitioner.suspend", AccountStatus.Suspended, [AccountStatus.Active], "Suspended", reason);

    public Task Reactivate(Caller caller) => Transition(caller, "practitioner.reactivate", AccountStatus.Active, [AccountStatus.Suspended, AccountStatus.Revoked, AccountStatus.Restricted]);

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
        var structure = profile.Structure is { } s ? await GrainFactory.Grain<IStructureGrain>(s).Get() : null;
        foreach (var admin in structure?.Admins ?? [])
        {
            if (await GrainFactory.Grain<IPractitionerGrain>(admin.Value).GetProfile(caller) is { Status: AccountStatus.Active } to)
            {
                await _email.SendAsync(to, "UnusualAccess", $"{profile.FirstName} {profile.LastName}", Notices.Text(to.Language, $"Rule.{flag.Rule}"),
                    flag.Observed, flag.Threshold, ParisTime.Text(flag.WindowStart), _links.Page("admin"));
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
        await _email.SendAsync(profile, "RestrictionWarning", reason.Trim());
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
        await GrainFactory.Grain<ISessionBroadcastGrain>(0).Publish(new SessionChange(Id.Value, null, null, "practitioner.restrict", ViewsOnly: true));
        await _email.SendAsync(profile, "Restricted");
    }

    // A refusal or a suspension is explained to the person, in the administrator's words when given (emailed, not kept).
    private async Task DecideAndTell(Caller caller, string action, AccountStatus to, AccountStatus[] from, string notice, string? reason)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > 1000 })
        {
            throw DomainException.Invalid([new("reason", "say why in at most 1000 characters")]);
        }

        await Transition(caller, action, to, from);
        var profile = Profile;
        await _email.SendAsync(profile, notice, reason ?? Notices.Text(profile.Language, "NoReason"));
    }

    // refusal: what else stops this transition once the caller and the status allow it (null: nothing).
    private async Task Transition(Caller caller, string action, AccountStatus to, AccountStatus[] from, Func<DomainException?>? refusal = null)
    {
        var profile = Profile;
        await AccessRules.RequireAdministrator(GrainFactory, caller, profile.Structure, action);
        if (!from.Contains(profile.Status))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} is {profile.Status}: cannot {action}.");
        }

        if (refusal?.Invoke() is { } refused)
        {
            throw refused;
        }

        _state.State.Profile = profile with { Status = to };
        var document = profile.Status == AccountStatus.Pending ? TakeIdentityDocument() : null; // decided: the proof of identity goes
        if (to == AccountStatus.Active)
        {
            _state.State.LastActivityAt = _clock.GetUtcNow();
            _state.State.RestrictionWarnedAt = null;
        }

        await _state.WriteAuditedAsync(_audit, Event(caller, action), _logger);
        await ShredAsync(document);
        await PublishAsync();
        if (action == "practitioner.validate")
        {
            GrainFactory.Grain<Contracts.Mailboxes.IMailboxGrain>(Id.Value).GetSealingKey().Ignore(); // the secure mailbox comes with the account: its address claimed now
        }

        if (to is AccountStatus.Suspended or AccountStatus.Rejected)
        {
            await EndSessionsAsync(action);
        }
    }
}
