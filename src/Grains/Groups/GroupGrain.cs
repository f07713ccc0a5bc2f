using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;
using Collab.Grains.Crypto;
using Collab.Grains.Practitioners;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Groups;

public sealed class GroupGrain(
    [PersistentState("group", StorageNames.Collab)] IPersistentState<GroupState> state,
    IAuditTrail audit,
    TimeProvider clock,
    ILogger<GroupGrain> logger) : Grain, IGroupGrain
{
    private const string ObjectType = "group";
    private const int MaxNameLength = 200;

    private Guid Id => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.FlushAuditAsync(audit);

    public async Task Create(string name, PractitionerId founder, Caller caller)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw DomainException.Invalid([new("name", $"is required, at most {MaxNameLength} characters")]);
        }

        if (state.State.Name is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Group {Id} exists already.");
        }

        var founderKey = await PublicKeyOf(founder);
        state.State.Name = name.Trim();
        state.State.Members[founder.Value] = new GroupMember { Confirmed = true, AddedAt = clock.GetUtcNow() };
        state.State.Versions.Add(ToState(GroupKeyRing.NewVersion(1, new Dictionary<Guid, byte[]> { [founder.Value] = founderKey })));
        await state.WriteAuditedAsync(audit, Event(caller, "group.create"), logger);
    }

    public async Task AddMember(PractitionerId member, Caller caller)
    {
        RequireCreated();
        if (state.State.Members.ContainsKey(member.Value))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} is a member of group {Id} already.");
        }

        _ = await PublicKeyOf(member); // a member without keys could never be confirmed
        state.State.Members[member.Value] = new GroupMember { Confirmed = false, AddedAt = clock.GetUtcNow() };
        await state.WriteAuditedAsync(audit, Event(caller, "group.member.add"), logger);
    }

    public async Task ConfirmMember(PractitionerId member, IReadOnlyDictionary<int, byte[]> sealedVersions, Caller caller)
    {
        RequireCreated();
        if (!state.State.Members.TryGetValue(member.Value, out var entry))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {member} is not a member of group {Id}.");
        }

        if (entry.Confirmed)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} is confirmed already.");
        }

        var missing = state.State.Versions.Where(v => !KeyMaterialRules.IsSealedKey(sealedVersions.GetValueOrDefault(v.Version))).Select(v => v.Version).ToList();
        if (missing.Count > 0 || sealedVersions.Count != state.State.Versions.Count)
        {
            throw DomainException.Invalid([new("sealedVersions", $"must hold exactly one sealed key for each version 1 to {state.State.Versions.Count}")]);
        }

        foreach (var version in state.State.Versions)
        {
            version.SealedToMembers[member.Value] = sealedVersions[version.Version];
        }

        entry.Confirmed = true;
        await state.WriteAuditedAsync(audit, Event(caller, "group.member.confirm"), logger);
    }

    public async Task RemoveMember(PractitionerId member, Caller caller)
    {
        RequireCreated();
        if (!state.State.Members.TryGetValue(member.Value, out var entry))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {member} is not a member of group {Id}.");
        }

        if (entry.Confirmed && state.State.Members.Values.Count(m => m.Confirmed) == 1)
        {
            // With nobody left to hold the ring, the group's history would be unreadable for good.
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {member} is the last confirmed member of group {Id}; confirm another first.");
        }

        state.State.Members.Remove(member.Value);

        foreach (var version in state.State.Versions)
        {
            version.SealedToMembers.Remove(member.Value);
        }

        // Rotate only when the leaver held the ring; a pending member never saw a key.
        if (entry.Confirmed)
        {
            var remaining = new Dictionary<Guid, byte[]>();
            foreach (var (id, _) in state.State.Members.Where(m => m.Value.Confirmed))
            {
                remaining[id] = await PublicKeyOf(new PractitionerId(id));
            }

            state.State.Versions.Add(ToState(GroupKeyRing.NewVersion(state.State.Versions.Count + 1, remaining)));
        }

        await state.WriteAuditedAsync(audit, Event(caller, "group.member.remove"), logger);
    }

    public Task<int> GetCurrentVersion()
    {
        RequireCreated();
        return Task.FromResult(state.State.Versions[^1].Version);
    }

    public Task<GroupKeyRingView> GetKeyRing(PractitionerId member)
    {
        RequireCreated();
        var versions = state.State.Versions
            .Select(v => new GroupKeyVersionView(v.Version, v.PublicKey, v.SealedToMembers.GetValueOrDefault(member.Value)))
            .ToList();
        return Task.FromResult(new GroupKeyRingView(Id, versions[^1].Version, versions));
    }

    private async Task<byte[]> PublicKeyOf(PractitionerId practitioner) =>
        await GrainFactory.GetGrain<IPractitionerGrain>(practitioner.Value).GetPublicKey();

    private void RequireCreated()
    {
        if (state.State.Name is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Group {Id} does not exist.");
        }
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
