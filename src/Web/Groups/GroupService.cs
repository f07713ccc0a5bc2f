using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Web.Account;

namespace Collab.Web.Groups;

/// <summary>
/// Groups: create, invite, accept, confirm, remove, retention — and the key handling of confirmation, done here with
/// the confirming member's session keys. Reading a group also confirms the members who accepted an invitation from
/// inside the ring, when the reader holds it: any online member shares the keys, so a newcomer never waits for one
/// particular admin (invitations from outside the ring wait for a group admin's explicit confirmation).
/// One service for the <c>/api/v1/groups</c> endpoints and the groups page.
/// </summary>
public sealed class GroupService(IClusterClient cluster, SessionKeyStore sessions)
{
    /// <summary>Creates a group whose first group admin (and key holder) is <paramref name="founder"/>, the caller when not given.</summary>
    public async Task<GroupView> CreateAsync(string? name, Guid? structure, Guid? founder, Caller caller, string? networkSpecialty = null)
    {
        var id = Guid.NewGuid();
        await Group(id).Create(new GroupInfo(name ?? "", structure, string.IsNullOrWhiteSpace(networkSpecialty) ? null : networkSpecialty), new PractitionerId(founder ?? caller.PractitionerId!.Value), caller);
        return await Group(id).Get(caller);
    }

    /// <summary>The caller's groups (invited, accepted or confirmed), each read as <see cref="ReadAsync"/> does.</summary>
    public async Task<List<GroupView>> MineAsync(HttpContext http)
    {
        var caller = Access.HttpCaller.From(http);
        var views = new List<GroupView>();
        foreach (var id in await cluster.Grain<IPractitionerGrain>(caller.PractitionerId!.Value).GetGroups(caller))
        {
            views.Add(await ReadAsync(id, http));
        }

        return views;
    }

    /// <summary>Reads a group; when the reader holds the ring, confirms every member who accepted an invitation from inside it.</summary>
    public async Task<GroupView> ReadAsync(Guid id, HttpContext http)
    {
        var caller = Access.HttpCaller.From(http);
        var view = await Group(id).Get(caller);
        if (!WaitsForKeysFrom(view, caller.PractitionerId!.Value).Any())
        {
            return view;
        }

        using (var keys = SessionKeys.Unlock(sessions, SessionCookies.TicketOf(http.User)))
        {
            await ShareWithAcceptedAsync(cluster, view, caller, keys);
        }

        return await Group(id).Get(caller);
    }

    /// <summary>
    /// At a holder's login: in each of their groups, seals the keys to the members who accepted an invitation from inside
    /// it while no holder was online (online holders share them at once, through <see cref="Account.LiveSessions"/>).
    /// </summary>
    public static async Task ShareWithAcceptedAsync(IGrainFactory grains, Caller caller, UserKeyPair keys)
    {
        foreach (var id in await grains.Grain<IPractitionerGrain>(caller.PractitionerId!.Value).GetGroups(caller))
        {
            try
            {
                await ShareWithAcceptedAsync(grains, await grains.Grain<IGroupGrain>(id).Get(caller), caller, keys);
            }
            catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.NotFound)
            {
                // left or removed meanwhile
            }
        }
    }

    public Task InviteAsync(Guid id, Guid practitioner, GroupRole role, Caller caller) => Group(id).Invite(new PractitionerId(practitioner), role, caller);

    public Task AcceptAsync(Guid id, Caller caller) => Group(id).Accept(caller);

    /// <summary>Opens every version of the ring with the caller's copy and seals it to the newcomer.</summary>
    public async Task ConfirmAsync(Guid id, Guid member, HttpContext http)
    {
        using var keys = SessionKeys.Unlock(sessions, SessionCookies.TicketOf(http.User));
        await ConfirmAsync(cluster, id, new PractitionerId(member), Access.HttpCaller.From(http), keys);
    }

    /// <summary>The confirmation itself, for any holder of the ring's keys (a session, or a test acting as one).</summary>
    public static async Task ConfirmAsync(IGrainFactory grains, Guid id, PractitionerId member, Caller caller, UserKeyPair keys)
    {
        var me = caller.PractitionerId!.Value;
        var group = grains.Grain<IGroupGrain>(id);
        var versions = (await group.GetKeyRing(new PractitionerId(me))).HeldBy(me);
        var newcomerKey = await grains.Grain<IPractitionerKeysGrain>(member.Value).GetPublicKey();
        await group.Confirm(member, GroupKeyRing.SealEveryVersionTo(versions, me, keys, newcomerKey), caller);
    }

    private static async Task ShareWithAcceptedAsync(IGrainFactory grains, GroupView view, Caller caller, UserKeyPair keys)
    {
        foreach (var member in WaitsForKeysFrom(view, caller.PractitionerId!.Value))
        {
            try
            {
                await ConfirmAsync(grains, view.Id, member, caller, keys);
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.Conflict)
            {
                // confirmed meanwhile by another holder
            }
        }
    }

    /// <summary>The members waiting for keys that <paramref name="holder"/> may share: none unless the holder is confirmed.</summary>
    private static IEnumerable<PractitionerId> WaitsForKeysFrom(GroupView view, Guid holder) =>
        view.Members.Any(m => m.Practitioner.Value == holder && m.State == MembershipState.Confirmed)
            ? view.Members.Where(m => m.State == MembershipState.Accepted && !m.AwaitsGroupAdmin).Select(m => m.Practitioner)
            : [];

    public Task SetRoleAsync(Guid id, Guid member, GroupRole role, Caller caller) => Group(id).SetRole(new PractitionerId(member), role, caller);

    public Task RemoveAsync(Guid id, Guid member, Caller caller) => Group(id).Remove(new PractitionerId(member), caller);

    /// <summary>Sets the group's retention override (null clears it).</summary>
    public Task SetRetentionAsync(Guid id, RetentionPolicy? policy, Caller caller) => Group(id).SetRetention(policy, caller);

    /// <summary>Whether <paramref name="practitioner"/> administers <paramref name="structure"/> (and so the structure's groups).</summary>
    public Task<bool> IsStructureAdminAsync(Guid structure, Guid practitioner) => cluster.Grain<IStructureGrain>(structure).IsAdmin(new PractitionerId(practitioner));

    /// <summary>The group's own retention (null: its structure's, else the platform's).</summary>
    public Task<RetentionPolicy?> RetentionAsync(Guid id) => Group(id).GetRetention();

    /// <summary>The group's public name (as in the directory).</summary>
    public async Task<string> NameAsync(Guid id) => (await InfoAsync(id)).Name;

    /// <summary>The group's name and structure.</summary>
    public Task<GroupInfo> InfoAsync(Guid id) => Group(id).GetInfo();

    private IGroupGrain Group(Guid id) => cluster.Grain<IGroupGrain>(id);
}
