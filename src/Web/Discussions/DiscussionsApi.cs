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
        group.MapPost("/search", Search).ProducesValidationProblem();
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
        var id = await client.StartAsync([.. (request.People ?? []).Select(p => new PractitionerId(p))], request.Name, group: request.Group);
        return TypedResults.Created($"/discussions/{id}", await client.GetAsync(id));
    }

    private static async Task<Ok<IReadOnlyList<DiscussionView>>> List(HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.DiscussionsFor(http).ListAsync());

    // A POST: the words searched are health data, kept out of URLs (and so out of request logs).
    private static async Task<Ok<SearchResults>> Search(SearchRequest request, HttpContext http, ConsultationClients clients)
    {
        var take = request.Take ?? SearchRequest.PageSize;
        if (take is < 1 or > SearchRequest.MaxTake || request.Skip is < 0)
        {
            throw Contracts.Errors.DomainException.Invalid([new("take", $"must be from 1 to {SearchRequest.MaxTake}, after a skip of 0 or more")]);
        }

        var hits = await clients.DiscussionsFor(http).SearchAllAsync(request.Query ?? "");
        return TypedResults.Ok(new SearchResults(hits.Count, [.. hits.Skip(request.Skip ?? 0).Take(take).Select(h =>
            new SearchHit(h.Discussion.Id, h.Item.Sequence, h.Item.Author?.Value, h.Item.PostedAt, h.Item.Body?.Text, h.Item.Body?.Name))]));
    }

    private static async Task<Ok<DiscussionView>> Get(Guid id, HttpContext http, ConsultationClients clients) =>
        TypedResults.Ok(await clients.DiscussionsFor(http).GetAsync(id));

    private static async Task<NoContent> AddMembers(Guid id, MembersRequest request, HttpContext http, ConsultationClients clients)
    {
        await clients.DiscussionsFor(http).AddMembersAsync(id, [.. (request.People ?? []).Select(p => new PractitionerId(p))], request.WithHistory);
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

/// <summary>
/// Starts a discussion: the colleagues (one for a one-to-one) and/or a whole group the caller is a confirmed member of,
/// and an optional name (no patient data; a group's name when none).
/// </summary>
public sealed record StartDiscussionRequest(IReadOnlyList<Guid>? People, string? Name, Guid? Group = null);

/// <summary>Colleagues to add; <see cref="WithHistory"/>: they also read what was written before (the owner's choice).</summary>
public sealed record MembersRequest(IReadOnlyList<Guid>? People, bool WithHistory = false);

/// <summary>A discussion's new name.</summary>
public sealed record RenameRequest(string? Name);

/// <summary>Whether the caller mutes the discussion.</summary>
public sealed record MuteRequest(bool Muted);

/// <summary>Words to find in the caller's discussions (every word, case and accents ignored), a page at a time.</summary>
public sealed record SearchRequest(string? Query, int? Skip, int? Take)
{
    public const int PageSize = 20;
    public const int MaxTake = 200;
}

/// <summary>How many messages hold the words, and one page of them, newest first.</summary>
public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Hits);

/// <summary>A message found: where, who, when, and its text or file name (decrypted for the caller).</summary>
public sealed record SearchHit(Guid Discussion, long Sequence, Guid? Author, DateTimeOffset PostedAt, string? Text, string? FileName);

/// <summary>Whether the discussion is kept past 30 days (its owner).</summary>
public sealed record KeepRequest(bool Keep);
