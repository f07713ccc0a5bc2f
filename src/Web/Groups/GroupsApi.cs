using Collab.Contracts.Access;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Web.Access;
using Collab.Web.Account;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Groups;

/// <summary>
/// <c>/api/v1/groups</c>: create a group, invite, accept, confirm, remove. Reading a group also
/// confirms the members who accepted, when the reader holds the ring: any online member shares the
/// keys, so a newcomer never waits for one particular admin.
/// </summary>
public static class GroupsApi
{
    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/groups").WithTags("Groups");
        group.MapPost("/", Create).ProducesValidationProblem();
        group.MapGet("/", Mine);
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/invitations", Invite).ProducesValidationProblem();
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/members/{member:guid}/confirm", Confirm);
        group.MapDelete("/{id:guid}/members/{member:guid}", Remove);
        group.MapPut("/{id:guid}/retention", SetRetention).ProducesValidationProblem();
        group.MapDelete("/{id:guid}/retention", ClearRetention);
        return group;
    }

    private static async Task<NoContent> SetRetention(Guid id, Contracts.Retention.RetentionPolicy policy, IClusterClient cluster, HttpContext http)
    {
        await cluster.GetGrain<IGroupGrain>(id).SetRetention(policy, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ClearRetention(Guid id, IClusterClient cluster, HttpContext http)
    {
        await cluster.GetGrain<IGroupGrain>(id).SetRetention(null, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Created<GroupView>> Create(CreateGroupRequest request, IClusterClient cluster, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var id = Guid.NewGuid();
        var grain = cluster.GetGrain<IGroupGrain>(id);
        await grain.Create(new GroupInfo(request.Name ?? "", request.Structure), new PractitionerId(request.Founder ?? caller.PractitionerId!.Value), caller);
        return TypedResults.Created($"/api/v1/groups/{id}", await grain.Get(caller));
    }

    private static async Task<Ok<List<GroupView>>> Mine(IClusterClient cluster, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var groups = await cluster.GetGrain<IPractitionerGrain>(caller.PractitionerId!.Value).GetGroups(caller);
        var views = new List<GroupView>();
        foreach (var id in groups)
        {
            views.Add(await ReadAndShareKeysAsync(cluster, id, http, caller));
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Ok<GroupView>> Get(Guid id, IClusterClient cluster, HttpContext http) =>
        TypedResults.Ok(await ReadAndShareKeysAsync(cluster, id, http, HttpCaller.From(http)));

    private static async Task<NoContent> Invite(Guid id, InviteRequest request, IClusterClient cluster, HttpContext http)
    {
        var role = RegisterRequest.ParseName<GroupRole>(request.Role);
        await cluster.GetGrain<IGroupGrain>(id).Invite(new PractitionerId(request.Practitioner), role, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Accept(Guid id, IClusterClient cluster, HttpContext http)
    {
        await cluster.GetGrain<IGroupGrain>(id).Accept(HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Confirm(Guid id, Guid member, IClusterClient cluster, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        using var keys = SessionKeys.Unlock(http);
        await ConfirmAsync(cluster, id, new PractitionerId(member), caller, keys);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Remove(Guid id, Guid member, IClusterClient cluster, HttpContext http)
    {
        await cluster.GetGrain<IGroupGrain>(id).Remove(new PractitionerId(member), HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Reads a group; when the reader holds the ring, confirms every member who accepted an invitation from
    /// inside the ring. Invitations from outside it (a structure admin, the operator) wait for a group admin's
    /// explicit confirmation.
    /// </summary>
    public static async Task<GroupView> ReadAndShareKeysAsync(IClusterClient cluster, Guid id, HttpContext http, Caller caller)
    {
        var grain = cluster.GetGrain<IGroupGrain>(id);
        var view = await grain.Get(caller);
        var me = caller.PractitionerId!.Value;
        var accepted = view.Members.Where(m => m.State == MembershipState.Accepted && !m.AwaitsGroupAdmin).ToList();
        if (accepted.Count == 0 || !view.Members.Any(m => m.Practitioner.Value == me && m.State == MembershipState.Confirmed))
        {
            return view;
        }

        using var keys = SessionKeys.Unlock(http);
        foreach (var member in accepted)
        {
            await ConfirmAsync(cluster, id, member.Practitioner, caller, keys);
        }

        return await grain.Get(caller);
    }

    /// <summary>Opens every version of the ring with the caller's copy and seals it to the newcomer.</summary>
    public static async Task ConfirmAsync(IGrainFactory cluster, Guid id, PractitionerId member, Caller caller, UserKeyPair keys)
    {
        var me = caller.PractitionerId!.Value;
        var grain = cluster.GetGrain<IGroupGrain>(id);
        var ring = await grain.GetKeyRing(new PractitionerId(me));
        var versions = ring.HeldBy(me);
        var newcomerKey = await cluster.GetGrain<IPractitionerGrain>(member.Value).GetPublicKey();
        await grain.Confirm(member, GroupKeyRing.SealEveryVersionTo(versions, me, keys, newcomerKey), caller);
    }
}
