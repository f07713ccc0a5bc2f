using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Directory;
using Collab.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Practitioners;

/// <summary>
/// A practitioner account. This file (<see cref="IPractitionerGrain"/>): registration, profile, groups, terms,
/// language, notices, inactivity. The other parts implement the narrower interfaces: Login, Keys, Standing, Deletion.
/// </summary>
public sealed partial class PractitionerGrain : Grain, IPractitionerGrain, IRemindable
{
    private const string ObjectType = "practitioner";
    private const string InactivityReminder = "inactivity";

    private readonly IPersistentState<PractitionerState> _state;
    private readonly IAuditTrail _audit;
    private readonly IDirectory _directory;
    private readonly IEmailSender _email;
    private readonly ISmsSender _sms;
    private readonly TimeProvider _clock;
    private readonly PublicLinks _links;
    private readonly Retention.IContentShredder _shredder;
    private readonly ILogger<PractitionerGrain> _logger;

    public PractitionerGrain(
        [PersistentState("practitioner", StorageNames.Collab)] IPersistentState<PractitionerState> state,
        IAuditTrail audit,
        IDirectory directory,
        IEmailSender email,
        ISmsSender sms,
        TimeProvider clock,
        PublicLinks links,
        Retention.IContentShredder shredder,
        ILogger<PractitionerGrain> logger)
    {
        _shredder = shredder;
        _links = links;
        _state = state;
        _audit = audit;
        _directory = directory;
        _email = email;
        _sms = sms;
        _clock = clock;
        _logger = logger;
    }

    private PractitionerId Id => new(this.GetPrimaryKey());

    private PractitionerProfile Profile => _state.State.Profile ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {Id} is not registered.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _state.FlushAuditAsync(_audit);
        if (_state.State is { IsOperator: true, Keys: { } keys, Profile.Status: not AccountStatus.Deleted })
        {
            await GrainFactory.Grain<IOperatorsGrain>(0).Enrol(Id, keys.PublicKey, Caller.System("operator-keys")); // granted before the registry: enrolled now (no write when known)
        }
    }

    public async Task<RegistrationResult> Register(PractitionerRegistration registration, Caller caller)
    {
        var errors = PractitionerRules.Check(registration).ToList();
        if (registration.Keys is not null)
        {
            errors.AddRange(KeyMaterialRules.Check(registration.Keys));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (_state.State.Profile is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} is already registered.");
        }

        var structure = registration.Structure is { } structureId
            ? await GrainFactory.Grain<IStructureGrain>(structureId).Get()
                ?? throw DomainException.Invalid([new("structure", "must be an existing structure")])
            : null;

        var email = registration.Email.Trim().ToLowerInvariant();
        var identifier = AccountClaims.Identifier(registration.Identifier);
        if (await _directory.ClaimAsync(Id.Value, email, identifier) is { } taken)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"An account with this {taken} exists already.",
                [new(taken, "is already registered: log in, or reset your password")]);
        }

        var now = _clock.GetUtcNow();
        var profile = new PractitionerProfile(
            Id, registration.LastName.Trim(), registration.FirstName.Trim(), registration.Profession, registration.Identifier,
            email, now, registration.Phone?.Trim(), registration.Specialty?.Trim(), registration.Structure, AccountStatus.Pending,
            Language: Notices.Language(registration.Language));
        _state.State.Profile = profile;
        _state.State.AcceptedTermsVersion = registration.AcceptedTermsVersion;
        _state.State.Keys = registration.Keys;
        _state.State.LastActivityAt = now;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.register"), _logger);
        await PublishAsync(structure);
        if (!caller.IsSystem)
        {
            await SendEmailCodeAsync(caller); // an administrator validates only a proved address (the platform's own accounts: demo data)
        }
        await this.RegisterOrUpdateReminder(InactivityReminder, TimeSpan.FromDays(1), TimeSpan.FromDays(1));
        return new RegistrationResult(profile, PractitionerRules.Warnings(registration));
    }

    public async Task<PractitionerProfile?> GetProfile(Caller caller)
    {
        if (_state.State.Profile is { } profile && !await MaySeeAccountAsync(profile, caller))
        {
            throw AccessRules.Forbidden("read another practitioner's account");
        }

        return _state.State.Profile;
    }

    public async Task<PractitionerCard?> GetCard(Caller caller)
    {
        if (_state.State.Profile is not { } p)
        {
            return null;
        }

        var privileged = await MaySeeAccountAsync(p, caller);
        if (!privileged)
        {
            await AccessRules.RequireActive(GrainFactory, caller, "read a colleague's card");
            if (p.Status != AccountStatus.Active || p.RedListed || _state.State.IsOperator)
            {
                return null; // what the directory hides, this hides too (and says no more than "not found")
            }
        }

        return new PractitionerCard(p.Id, p.LastName, p.FirstName, p.Profession, p.Identifier, p.Specialty, p.Phone, p.Structure,
            privileged
                ? new PractitionerAccountFacts(p.Email, p.Status, p.RegisteredAt, p.RedListed, _state.State.EmailProvedAt is not null, _state.State.PendingEmail, _state.State.ProvedByPscAt is not null,
                    IdentityDocumentInfo)
                : null);
    }

    public Task<PractitionerName?> GetName() =>
        Task.FromResult(_state.State.Profile is { } p ? new PractitionerName(p.FirstName, p.LastName, p.Profession) : null);

    // The holder, the platform, the operator, the administrators of the account's structure.
    private async Task<bool> MaySeeAccountAsync(PractitionerProfile profile, Caller caller)
    {
        if (caller.IsSystem || caller.PractitionerId == Id.Value)
        {
            return true;
        }

        if (caller.PractitionerId is not { } viewer)
        {
            return false;
        }

        var standing = await GrainFactory.Grain<IPractitionerGrain>(viewer).GetStanding();
        return standing.Status == AccountStatus.Active
            && (standing.IsOperator || (profile.Structure is { } structure && await GrainFactory.Grain<IStructureGrain>(structure).IsAdmin(new PractitionerId(viewer))));
    }

    public Task<AccountStanding> GetStanding() => Task.FromResult(new AccountStanding(
        _state.State.Profile?.Status ?? AccountStatus.Rejected, _state.State.IsOperator, _state.State.Profile?.Structure, _state.State.AcceptedTermsVersion));

    public async Task GrantOperator(Caller caller)
    {
        if (!caller.IsSystem)
        {
            throw AccessRules.Forbidden("grant the operator role");
        }

        _ = Profile;
        if (_state.State.Groups.Count > 0)
        {
            // The operator never reads health data: a group member holds a group's keys.
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {Id} belongs to groups: an operator is never a group member.");
        }

        _state.State.IsOperator = true;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.operator.grant"), _logger);
        if (_state.State.Keys is { } keys)
        {
            await GrainFactory.Grain<IOperatorsGrain>(0).Enrol(Id, keys.PublicKey, caller); // what only operators may read is sealed to them
        }

        await PublishAsync(); // an operator is nobody's correspondent: out of the directory
    }

    public async Task UpdateProfile(ProfileChange change, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "change another practitioner's profile");
        change = new ProfileChange(Blank(change.Phone), Blank(change.Specialty), Blank(change.Address),
            change.Places?.Select(p => p?.Trim() ?? "").Where(p => p.Length > 0).Distinct().ToList());
        if (PractitionerRules.Check(change) is { Count: > 0 } errors)
        {
            throw DomainException.Invalid(errors);
        }

        _state.State.Profile = Profile with { Phone = change.Phone, Specialty = change.Specialty, Address = change.Address, Places = change.Places is { Count: > 0 } places ? places : null };
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.profile.update"), _logger);
        await PublishAsync();

        static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public async Task SetRedListed(bool redListed, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "change another practitioner's directory listing");
        _state.State.Profile = Profile with { RedListed = redListed };
        await _state.WriteAuditedAsync(_audit, Event(caller, redListed ? "practitioner.redlist" : "practitioner.unredlist"), _logger);
        await PublishAsync();
    }

    public async Task SetLanguage(string language, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "choose another practitioner's language");
        if (!PractitionerRules.IsLanguage(language))
        {
            throw DomainException.Invalid([new("language", PractitionerRules.LanguageRule)]);
        }

        if (Profile.Language != language)
        {
            _state.State.Profile = Profile with { Language = language };
            await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.language"), _logger);
        }
    }

    public async Task AcceptTerms(int version, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "accept the terms for another practitioner");
        if (version < _state.State.AcceptedTermsVersion)
        {
            throw DomainException.Invalid([new("version", "must not be older than the version already accepted")]);
        }

        _state.State.AcceptedTermsVersion = version;
        await _state.WriteAuditedAsync(_audit, Event(caller, "practitioner.terms.accept"), _logger);
    }

    public async Task NoteGroupMembership(Guid group, bool member)
    {
        _ = Profile;
        var changed = member ? !_state.State.Groups.Contains(group) : _state.State.Groups.Contains(group);
        if (changed)
        {
            if (member)
            {
                _state.State.Groups.Add(group);
            }
            else
            {
                _state.State.Groups.Remove(group);
            }

            await _state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<Guid>> GetGroups(Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "list another practitioner's groups");
        return Task.FromResult<IReadOnlyList<Guid>>(_state.State.Groups.ToList());
    }

    public async Task CheckInactivity()
    {
        await ExpireIdentityDocumentAsync();
        if (_state.State.Profile is not { Status: AccountStatus.Active } profile)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var last = _state.State.LastActivityAt;
        if (now >= last.AddMonths(12))
        {
            _state.State.Profile = profile with { Status = AccountStatus.Revoked };
            await _state.WriteAuditedAsync(_audit, Event(Caller.System("inactivity"), "practitioner.revoke.inactivity"), _logger);
            await PublishAsync();
            await EndSessionsAsync("revoked after 12 months without login");
            await _email.SendAsync(profile, "Revoked");
        }
        else if (now >= last.AddMonths(10) && (_state.State.LastInactivityWarningAt is not { } warned || now >= warned.AddDays(7)))
        {
            _state.State.LastInactivityWarningAt = now;
            await _state.WriteAuditedAsync(_audit, Event(Caller.System("inactivity"), "practitioner.inactivity.warn"), _logger);
            await _email.SendAsync(profile, "InactivityWarning", ParisTime.Date(last), ParisTime.Date(last.AddMonths(12)));
        }
    }

    public async Task SetSmsNotifications(bool enabled, Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "change another practitioner's notification settings");
        if (enabled && Profile.Phone is null)
        {
            throw DomainException.Invalid([new("sms", "add a phone number first")]);
        }

        _state.State.SmsNotifications = enabled;
        await _state.WriteAuditedAsync(_audit, Event(caller, enabled ? "practitioner.notify.sms.on" : "practitioner.notify.sms.off"), _logger);
    }

    public Task<bool> GetSmsNotifications(Caller caller)
    {
        AccessRules.RequireSelf(caller, Id, "read another practitioner's notification settings");
        return Task.FromResult(_state.State.SmsNotifications);
    }

    public async Task Notify(ConsultationNotice notice, Guid about)
    {
        if (_state.State.Profile is not { Status: AccountStatus.Active } profile)
        {
            return;
        }

        // The notice says that there is something to see, never what: no patient, no question.
        // Consultation notices name the consultation by a short reference; discussion and mail notices only link.
        var (link, reference) = notice switch
        {
            ConsultationNotice.DeletionSoon => (_links.Report(about), true),
            ConsultationNotice.DiscussionMessages or ConsultationNotice.DiscussionMention => (_links.Discussion(about), false),
            ConsultationNotice.NewMail or ConsultationNotice.MailboxIdle => (_links.Mail(), false),
            ConsultationNotice.CaseDeletionSoon or ConsultationNotice.PublicationConsent => (_links.Page($"knowledge/cases/{about}"), false),
            _ => ((Uri?)null, true),
        };
        var (subject, text) = link is null ? Notices.Of(profile.Language, notice.ToString()) : Notices.Of(profile.Language, notice.ToString(), link);
        if (reference)
        {
            text += " " + Notices.Text(profile.Language, "Reference", about.ToString()[..8]);
        }

        await _email.SendAsync(profile.Email, subject, text);
        if (_state.State.SmsNotifications && profile.Phone is { } phone)
        {
            await _sms.SendAsync(phone, text);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == InactivityReminder ? CheckInactivity() : Task.CompletedTask;

    /// <summary>
    /// Ends every session of this account on every web node, open live connections included, and returns once
    /// the nodes applied it: after a suspension, a restriction or a password reset nothing open keeps decrypting.
    /// </summary>
    private Task EndSessionsAsync(string reason) =>
        GrainFactory.Grain<ISessionBroadcastGrain>(0).Publish(new SessionChange(Id.Value, null, null, reason));

    /// <summary>Keeps the directory read model in step: active accounts are listed, unless red-listed or operators of the platform.</summary>
    private async Task PublishAsync(StructureView? structure = null)
    {
        var p = Profile;
        if (structure is null && p.Structure is { } id)
        {
            structure = await GrainFactory.Grain<IStructureGrain>(id).Get();
        }

        await _directory.UpsertAsync(new DirectoryEntry(
            p.Id.Value, DirectoryKind.Practitioner, $"{p.LastName} {p.FirstName}", p.Profession.ToString(), p.Specialty,
            p.Structure, structure?.Info.Name, structure?.Info.City, p.Phone, $"{p.Identifier.Kind.ToString().ToUpperInvariant()} {p.Identifier.Number}",
            Listed: p.Status == AccountStatus.Active && !p.RedListed && !_state.State.IsOperator, p.Status.ToString()));
    }

    private AuditEvent Event(Caller caller, string action, AuditCategory category = AuditCategory.Functional, AuditOutcome outcome = AuditOutcome.Succeeded) =>
        AuditEvent.Of(_clock, caller, category, action, ObjectType, Id.ToString(), outcome);
}
