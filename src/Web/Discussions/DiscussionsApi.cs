using Collab.Contracts.Discussions;
using Collab.Contracts.Practitioners;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Discussions;

/// <summary>
/// <c>/api/v1/discussions</c>: start a discussion with colleagues (its first key sealed here, with the caller's
/// session keys), list one's discussions, manage members and name. Messages are written in the page.
/// </summary>
public static class DiscussionsApi
{
    public static RouteGroupBuilder MapDiscussionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/discussions").WithTags("Discussions");
        group.MapPost("/", Start).ProducesValidationProblem();
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/members", AddMembers).ProducesValidationProblem();
        group.MapDelete("/{id:guid}/members/{member:guid}", RemoveMember).ProducesValidationProblem();
        group.MapPost("/{id:guid}/leave", Leave);
        group.MapPut("/{id:guid}/name", Rename).ProducesValidationProblem();
        group.MapPut("/{id:guid}/mute", Mute);
        group.MapPut("/{id:guid}/keep", Keep).ProducesValidationProblem();
        return group;
    }

    private static async Task<Created<DiscussionView>> Start(StartDiscussionRequest request, HttpContext http, ConsultationClients clients)
    {
        var client = clients.DiscussionsFor(http);
        var id = await client.StartAsync([.. (request.People ?? []).Select(p => new PractitionerId(p))], request.Name);
        return TypedResults.Created($"/discussions/{id}", await client.GetAsync(id));
    }

    private static async Task<Ok<IReadOnlyList<DiscussionView>>> List(HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.DiscussionsFor(http).ListAsync());

    private static async Task<Ok<DiscussionView>> Get(Guid id, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.DiscussionsFor(http).GetAsync(id));

    private static async Task<NoContent> AddMembers(Guid id, MembersRequest request, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).AddMembersAsync(id, [.. (request.People ?? []).Select(p => new PractitionerId(p))]);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveMember(Guid id, Guid member, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).RemoveMemberAsync(id, new PractitionerId(member));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Leave(Guid id, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).LeaveAsync(id);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Rename(Guid id, RenameRequest request, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).RenameAsync(id, request.Name ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Mute(Guid id, MuteRequest request, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).MuteAsync(id, request.Muted);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Keep(Guid id, KeepRequest request, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).KeepAsync(id, request.Keep);
        return TypedResults.NoContent();
    }
}

/// <summary>Starts a discussion: the colleagues (one for a one-to-one) and an optional name (no patient data).</summary>
public sealed record StartDiscussionRequest(IReadOnlyList<Guid>? People, string? Name);

/// <summary>Colleagues to add.</summary>
public sealed record MembersRequest(IReadOnlyList<Guid>? People);

/// <summary>A discussion's new name.</summary>
public sealed record RenameRequest(string? Name);

/// <summary>Whether the caller mutes the discussion.</summary>
public sealed record MuteRequest(bool Muted);

/// <summary>Whether the discussion is kept past 30 days (its owner).</summary>
public sealed record KeepRequest(bool Keep);
