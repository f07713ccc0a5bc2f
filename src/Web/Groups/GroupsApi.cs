using Collab.Contracts.Groups;
using Collab.Web.Access;
using Collab.Web.Account;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Groups;

/// <summary><c>/api/v1/groups</c>: create a group, invite, accept, confirm, remove; see <see cref="GroupService"/> for who shares the keys.</summary>
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
        group.MapPut("/{id:guid}/members/{member:guid}/role", SetRole).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:guid}/retention", SetRetention).ProducesValidationProblem();
        group.MapDelete("/{id:guid}/retention", ClearRetention);
        return group;
    }

    private static async Task<Created<GroupView>> Create(CreateGroupRequest request, GroupService groups, HttpContext http)
    {
        var view = await groups.CreateAsync(request.Name, request.Structure, request.Founder, HttpCaller.From(http), request.NetworkSpecialty);
        return TypedResults.Created($"/api/v1/groups/{view.Id}", view);
    }

    private static async Task<Ok<List<GroupView>>> Mine(GroupService groups, HttpContext http) => TypedResults.Ok(await groups.MineAsync(http));

    private static async Task<Ok<GroupView>> Get(Guid id, GroupService groups, HttpContext http) => TypedResults.Ok(await groups.ReadAsync(id, http));

    private static async Task<NoContent> Invite(Guid id, InviteRequest request, GroupService groups, HttpContext http)
    {
        await groups.InviteAsync(id, request.Practitioner, RegisterRequest.ParseName<GroupRole>(request.Role), HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Accept(Guid id, GroupService groups, HttpContext http)
    {
        await groups.AcceptAsync(id, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Confirm(Guid id, Guid member, GroupService groups, HttpContext http)
    {
        await groups.ConfirmAsync(id, member, http);
        return TypedResults.NoContent();
    }

    // A member's role: Doctor, Assistant or GroupAdmin (409 when no confirmed group admin would remain).
    private static async Task<NoContent> SetRole(Guid id, Guid member, RoleRequest request, GroupService groups, HttpContext http)
    {
        await groups.SetRoleAsync(id, member, RegisterRequest.ParseName<GroupRole>(request.Role), HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Remove(Guid id, Guid member, GroupService groups, HttpContext http)
    {
        await groups.RemoveAsync(id, member, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetRetention(Guid id, Contracts.Retention.RetentionPolicy policy, GroupService groups, HttpContext http)
    {
        await groups.SetRetentionAsync(id, policy, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ClearRetention(Guid id, GroupService groups, HttpContext http)
    {
        await groups.SetRetentionAsync(id, null, HttpCaller.From(http));
        return TypedResults.NoContent();
    }
}
