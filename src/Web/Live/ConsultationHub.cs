using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Collab.Web.Live;

/// <summary>
/// <c>/hubs/consultations</c> (also answering at <c>/hubs/collab</c>, its first address): live conversations for
/// any SignalR client (the load generator is one). A client joins a consultation (<c>Join</c>) or a discussion between
/// colleagues (<c>JoinDiscussion</c>) with the last sequence it holds and receives <c>items</c> (each once per join, in
/// order) and <c>event</c>; it sends with its own client id so a retry is stored once; the other methods take either
/// kind once joined. <c>WatchInbox</c> streams <c>inbox</c> changes. Encryption and decryption happen in the
/// connection's conversation client, with its session keys.
/// </summary>
[Authorize]
public sealed class ConsultationHub(HubConnections connections, ConsultationClients clients) : Hub
{
    public const string Path = "/hubs/consultations";

    /// <summary>The hub's first address, still served for clients written against it.</summary>
    public const string FormerPath = "/hubs/collab";

    public Task Join(Guid consultation, long lastSequence) => ArriveAsync(consultation, lastSequence, discussion: false);

    /// <summary>Joins a discussion between colleagues (a member, or refused), from <paramref name="lastSequence"/> on.</summary>
    public Task JoinDiscussion(Guid discussion, long lastSequence) => ArriveAsync(discussion, lastSequence, discussion: true);

    /// <summary>
    /// Joins a consultation or a discussion again after a dropped connection, from <paramref name="lastSequence"/> on,
    /// without announcing an arrival: a dropped connection announces no departure, so the others still count the viewer
    /// present (and a thousand clients of a lost web node joining again would each send their room's members a presence).
    /// </summary>
    public Task Resume(Guid conversation, long lastSequence, bool discussion) => Connection.JoinAsync(conversation, lastSequence, discussion);

    public Task Leave(Guid conversation) => Connection.LeaveAsync(conversation);

    // A join that announces the viewer's arrival to the others: Resume, then a presence signal.
    private async Task ArriveAsync(Guid conversation, long lastSequence, bool discussion)
    {
        await Resume(conversation, lastSequence, discussion);
        await Guard(() => Connection.ClientOf(conversation).SignalAsync(conversation, ConsultationEventKind.Presence));
    }

    /// <summary>Sends a message (1 to <see cref="TextLimits.Message"/> characters; InvalidInput otherwise).</summary>
    public Task<long> Send(Guid conversation, Guid clientId, string text) =>
        Guard(() => Connection.ClientOf(conversation).PostAsync(conversation, ItemBody.Message(text), clientId, Connection.Seen(conversation)));

    public Task Delete(Guid conversation, long sequence) => Guard(() => Connection.ClientOf(conversation).DeleteAsync(conversation, sequence));

    public Task MarkRead(Guid conversation, long sequence) => Guard(() => Connection.ClientOf(conversation).MarkReadAsync(conversation, sequence));

    public Task Typing(Guid conversation) => Guard(() => Connection.ClientOf(conversation).SignalAsync(conversation, ConsultationEventKind.Typing));

    public Task WatchInbox() => Connection.WatchInboxAsync();

    public override Task OnConnectedAsync()
    {
        // Closed the moment its session ends (logout, suspension, password reset, on any node).
        connections.Open(Context, clients);
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await connections.EndAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private HubConnections.Connection Connection => connections.Of(Context, clients);

    // Domain refusals reach the client as their message (a HubException); anything else stays generic.
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DomainException e)
        {
            throw new HubException($"{e.Code}: {e.Message}");
        }
    }

    private static async Task Guard(Func<Task> call) => await Guard(async () =>
    {
        await call();
        return true;
    });
}
