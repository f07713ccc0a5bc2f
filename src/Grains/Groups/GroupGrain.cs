using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Directory;
using Collab.Grains.Practitioners;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Groups;

public sealed class GroupGrain(
    [PersistentState("group", StorageNames.Collab)] IPersistentState<GroupState> state,
    IAuditTrail audit,
    IDirectory directory,
    IConsultationIndex index,
    TimeProvider clock,
    ILogger<GroupGrain> logger) : Grain, IGroupGrain
{
    private const string ObjectType = "group";
    private const int MaxNameLength = 200;

    /// <summary>At most this many notices for the requests waiting when a member joins (the newest; the inbox shows them all).</summary>
    private const int MaxNoticesOnJoining = 20;

    private Guid Id => this.GetPrimaryKey();

    private GroupInfo Info => state.State.Info ?? throw new DomainException(DomainErrorCode.NotFound, $"Group {Id} does not exist.");

    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.FlushAuditAsync(audit);

    public async Task Create(GroupInfo info, PractitionerId founder, Caller caller)
    {
        if (string.IsNullOrWhiteSpace(info.Name) || info.Name.Length > MaxNameLength)
        {
            throw DomainException.Invalid([new("name", $"is required, at most {MaxNameLength} characters")]);
        }

        if (info.NetworkSpecialty is { } specialty && (string.IsNullOrWhiteSpace(specialty) || specialty.Length > MaxNameLength))
        {
            throw DomainException.Invalid([new("networkSpecialty", $"is the specialty of a network, at most {MaxNameLength} characters")]);
        }

        await AccessRules.RequireAdministrator(GrainFactory, caller, info.Structure, "create a group");
        if (state.State.Info is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Group {Id} exists already.");
        }

        await AccessRules.RequireNotOperator(GrainFactory, founder, "founder", "a group member");

        var founderKey = await PublicKeyOf(founder);
        state.State.Info = info with { Name = info.Name.Trim(), NetworkSpecialty = info.NetworkSpecialty?.Trim() };
        state.State.Members[founder.Value] = new GroupMember { Role = GroupRole.GroupAdmin, State = MembershipState.Confirmed, AddedAt = clock.GetUtcNow() };
        state.State.Versions.Add(ToState(GroupKeyRing.NewVersion(1, new Dictionary<Guid, byte[]> { [founder.Value] = founderKey })));
        await state.WriteAuditedAsync(audit, Event(caller, "group.create"), logger);
        await GrainFactory.Grain<IPractitionerGrain>(founder.Value).NoteGroupMembership(Id, member: true);
        await PublishAsync();
    }

    public async Task Invite(PractitionerId member, GroupRole role, Caller caller)
    {
        _ = Info;
        await RequireGroupAdministrator(caller, "invite to this group");
        if (!Enum.IsDefined(role))
        {
            throw DomainException.Invalid([new("role", "must be Doctor, Assistant or GroupAdmin")]);
        }

        if (state.State.Members.ContainsKey(member.Value))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} is already in group {Id}.");
        }

        if (caller.PractitionerId == member.Value)
        {
            // Enrolling oneself would let an administrator become a recipient of the group's health data.
            throw AccessRules.Forbidden("invite yourself into a group");
        }

        if ((await GrainFactory.Grain<IPractitionerGrain>(member.Value).GetStanding()).Status != AccountStatus.Active)
        {
            throw DomainException.Invalid([new("member", "must be a validated, active account")]);
        }

        await AccessRules.RequireNotOperator(GrainFactory, member, "member", "a group member");
        _ = await PublicKeyOf(member); // a member without keys could never be confirmed
        state.State.Members[member.Value] = new GroupMember
        {
            Role = role,
            State = MembershipState.Invited,
            AddedAt = clock.GetUtcNow(),
            InvitedBy = caller.PractitionerId,
            AwaitsGroupAdmin = !caller.IsSystem && !IsRingHoldingAdmin(caller.PractitionerId),
        };
        await state.WriteAuditedAsync(audit, Event(caller, "group.member.invite"), logger);
        await GrainFactory.Grain<IPractitionerGrain>(member.Value).NoteGroupMembership(Id, member: true);
    }

    public async Task Accept(Caller caller)
    {
        _ = Info;
        var id = caller.PractitionerId;
        if (id is null || !state.State.Members.TryGetValue(id.Value, out var entry) || entry.State != MembershipState.Invited)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"No invitation to group {Id} for this account.");
        }

        entry.State = MembershipState.Accepted;
        await state.WriteAuditedAsync(audit, Event(caller, "group.member.accept"), logger);
        if (!entry.AwaitsGroupAdmin)
        {
            // A holder online anywhere shares the keys now (not awaited: its confirmation comes back to this grain);
            // otherwise the next holder's login or visit of the groups page does.
            GrainFactory.Grain<ISessionBroadcastGrain>(0).WantKeys(new KeysWanted(Id, new PractitionerId(id.Value), ConfirmedMembers())).Ignore();
        }
    }

    public async Task Confirm(PractitionerId member, IReadOnlyDictionary<int, byte[]> sealedVersions, Caller caller)
    {
        _ = Info;
        if (!caller.IsSystem && (caller.PractitionerId is not { } holder || !IsConfirmed(holder)))
        {
            throw AccessRules.Forbidden("confirm a member without holding the group's keys");
        }

        if (!state.State.Members.TryGetValue(member.Value, out var entry) || entry.State != MembershipState.Accepted)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} has not accepted an invitation to group {Id}.");
        }

        if (entry.AwaitsGroupAdmin && !caller.IsSystem && !IsRingHoldingAdmin(caller.PractitionerId))
        {
            throw AccessRules.Forbidden("share the group's keys with someone invited from outside the group (a confirmed group admin decides)");
        }

        if (sealedVersions.Count != state.State.Versions.Count || state.State.Versions.Any(v => !KeyMaterialRules.IsSealedKey(sealedVersions.GetValueOrDefault(v.Version))))
        {
            throw DomainException.Invalid([new("sealedVersions", $"must hold exactly one sealed key for each version 1 to {state.State.Versions.Count}")]);
        }

        foreach (var version in state.State.Versions)
        {
            version.SealedToMembers[member.Value] = sealedVersions[version.Version];
        }

        entry.State = MembershipState.Confirmed;
        entry.AwaitsGroupAdmin = false;
        await state.WriteAuditedAsync(audit, Event(caller, "group.member.confirm.keys-shared"), logger);
        await TellOfOpenRequestsAsync(member);
    }

    /// <summary>A new member is told of the requests already waiting for the group, as the others were when they came.</summary>
    private async Task TellOfOpenRequestsAsync(PractitionerId member)
    {
        var waiting = await index.ListAsync(new InboxQuery(member.Value, [Id], InboxBox.Groups, ConsultationStatus.Requested, MaxNoticesOnJoining));
        foreach (var request in waiting)
        {
            GrainFactory.Grain<IPractitionerGrain>(member.Value).Notify(ConsultationNotice.NewRequest, request.Consultation).Ignore();
        }
    }

    public async Task SetRole(PractitionerId member, GroupRole role, Caller caller)
    {
        _ = Info;
        await RequireGroupAdministrator(caller, "change a member's role in this group");
        if (!Enum.IsDefined(role))
        {
            throw DomainException.Invalid([new("role", "must be Doctor, Assistant or GroupAdmin")]);
        }

        if (!state.State.Members.TryGetValue(member.Value, out var entry))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {member} is not a member of group {Id}.");
        }

        if (entry.Role == role)
        {
            return;
        }

        if (entry.Role == GroupRole.GroupAdmin && entry.State == MembershipState.Confirmed
            && state.State.Members.Count(m => m.Value.Role == GroupRole.GroupAdmin && m.Value.State == MembershipState.Confirmed) == 1)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} is the last group admin of group {Id}; make another member group admin first.");
        }

        entry.Role = role;
        await state.WriteAuditedAsync(audit, Event(caller, $"group.member.role.{role.ToString().ToLowerInvariant()}"), logger);
    }

    public async Task Remove(PractitionerId member, Caller caller)
    {
        _ = Info;
        if (caller.PractitionerId != member.Value)
        {
            await RequireGroupAdministrator(caller, "remove a member of this group");
        }

        if (!state.State.Members.TryGetValue(member.Value, out var entry))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {member} is not a member of group {Id}.");
        }

        var heldTheRing = entry.State == MembershipState.Confirmed;
        if (heldTheRing && state.State.Members.Values.Count(m => m.State == MembershipState.Confirmed) == 1)
        {
            // With nobody left to hold the ring, the group's history would be unreadable for good.
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} is the last confirmed member of group {Id}; confirm another first.");
        }

        state.State.Members.Remove(member.Value);
        foreach (var version in state.State.Versions)
        {
            version.SealedToMembers.Remove(member.Value);
        }

        if (heldTheRing)
        {
            var remaining = new Dictionary<Guid, byte[]>();
            foreach (var (id, _) in state.State.Members.Where(m => m.Value.State == MembershipState.Confirmed))
            {
                remaining[id] = await PublicKeyOf(new PractitionerId(id));
            }

            state.State.Versions.Add(ToState(GroupKeyRing.NewVersion(state.State.Versions.Count + 1, remaining)));
        }

        await state.WriteAuditedAsync(audit, Event(caller, heldTheRing ? "group.member.remove.ring-rotated" : "group.member.remove"), logger);
        await GrainFactory.Grain<IPractitionerGrain>(member.Value).NoteGroupMembership(Id, member: false);
    }

    public async Task<GroupView> Get(Caller caller)
    {
        var info = Info;
        if (!caller.IsSystem && !(caller.PractitionerId is { } id && state.State.Members.ContainsKey(id)))
        {
            await AccessRules.RequireAdministrator(GrainFactory, caller, info.Structure, "see this group's members");
        }

        return new GroupView(Id, info,
            state.State.Members.Select(m => new GroupMemberView(new PractitionerId(m.Key), m.Value.Role, m.Value.State, m.Value.AwaitsGroupAdmin)).ToList(),
            state.State.Versions[^1].Version);
    }

    public Task<bool> IsConfirmedMember(PractitionerId practitioner) => Task.FromResult(IsConfirmed(practitioner.Value));

    public Task<GroupInfo> GetInfo() => Task.FromResult(Info);

    public Task<IReadOnlyList<PractitionerId>> GetConfirmedMembers() => Task.FromResult(ConfirmedMembers());

    private IReadOnlyList<PractitionerId> ConfirmedMembers() =>
        state.State.Members.Where(m => m.Value.State == MembershipState.Confirmed).Select(m => new PractitionerId(m.Key)).ToList();

    public Task<int> GetCurrentVersion()
    {
        _ = Info;
        return Task.FromResult(state.State.Versions[^1].Version);
    }

    public Task<GroupKeyRingView> GetKeyRing(PractitionerId member)
    {
        _ = Info;
        var versions = state.State.Versions
            .Select(v => new GroupKeyVersionView(v.Version, v.PublicKey, v.SealedToMembers.GetValueOrDefault(member.Value)))
            .ToList();
        return Task.FromResult(new GroupKeyRingView(Id, versions[^1].Version, versions));
    }

    public async Task SetRetention(Contracts.Retention.RetentionPolicy? policy, Caller caller)
    {
        _ = Info;
        await RequireGroupAdministrator(caller, "set the group's retention");
        if (policy?.Problems("retention", keepAllowed: false) is { Count: > 0 } problems)
        {
            throw DomainException.Invalid(problems);
        }

        state.State.Retention = policy;
        await state.WriteAuditedAsync(audit, Event(caller, policy is null ? "group.retention.clear" : "group.retention.set"), logger);
    }

    public Task<Contracts.Retention.RetentionPolicy?> GetRetention() => Task.FromResult(state.State.Retention);

    private bool IsConfirmed(Guid practitioner) =>
        state.State.Members.TryGetValue(practitioner, out var m) && m.State == MembershipState.Confirmed;

    // A confirmed group admin holds the ring and speaks for the group: their invitations and confirmations share keys.
    private bool IsRingHoldingAdmin(Guid? practitioner) =>
        practitioner is { } id && state.State.Members.TryGetValue(id, out var m) && m.State == MembershipState.Confirmed && m.Role == GroupRole.GroupAdmin;

    private async Task RequireGroupAdministrator(Caller caller, string action)
    {
        if (caller.PractitionerId is { } id && state.State.Members.TryGetValue(id, out var m) && m.Role == GroupRole.GroupAdmin && m.State == MembershipState.Confirmed)
        {
            await AccessRules.RequireActive(GrainFactory, caller, action);
            return;
        }

        await AccessRules.RequireAdministrator(GrainFactory, caller, Info.Structure, action);
    }

    private async Task<byte[]> PublicKeyOf(PractitionerId practitioner) =>
        await GrainFactory.Grain<IPractitionerKeysGrain>(practitioner.Value).GetPublicKey();

    private async Task PublishAsync()
    {
        var info = Info;
        var structure = info.Structure is { } s ? await GrainFactory.Grain<IStructureGrain>(s).Get() : null;
        await directory.UpsertAsync(new DirectoryEntry(
            Id, DirectoryKind.Group, info.Name, info.IsNetwork ? GroupInfo.NetworkMarker : null, info.NetworkSpecialty, info.Structure, structure?.Info.Name, structure?.Info.City, null, null, Listed: true));
    }

    private static GroupKeyVersion ToState(KeyRingVersion version) => new()
    {
        Version = version.Version,
        PublicKey = version.PublicKey,
        SealedToMembers = new Dictionary<Guid, byte[]>(version.SealedToMembers),
    };

    private AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString());
}
