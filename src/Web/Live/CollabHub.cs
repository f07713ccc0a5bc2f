using System.Collections.Concurrent;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Collab.Web.Live;

/// <summary>A message as hub clients receive it (decrypted on this node for the connection's user).</summary>
public sealed record HubItem(Guid Consultation, long Sequence, Guid? Author, DateTimeOffset PostedAt, string? Kind, string? Text, Guid? FileId, string? Name, string? ContentType, bool Deleted)
{
    public static HubItem Of(Guid consultation, OpenItem item) => new(
        consultation, item.Sequence, item.Author?.Value, item.PostedAt, item.Body?.Kind, item.Body?.Text,
        item.Body?.FileId, item.Body?.Name, item.Body?.ContentType, item.DeletedAt is not null);
}

/// <summary>Any other consultation event (status, read receipt, typing, presence) as hub clients receive it.</summary>
public sealed record HubEvent(Guid Consultation, ConsultationEventKind Kind, long Sequence, Guid? By, DateTimeOffset At, ConsultationStatus? Status, bool Present);

/// <summary>
/// <c>/hubs/collab</c>: live consultations for any SignalR client (the load generator is one). A
/// client joins a consultation with the last sequence it holds and receives <c>items</c> (each once
/// per join, in order) and <c>event</c>; it sends with its own client id so a retry is stored once.
/// <c>WatchInbox</c> streams <c>inbox</c> changes. Encryption and decryption happen here, with the
/// connection's session keys.
/// </summary>
[Authorize]
public sealed class CollabHub(HubConnections connections, ConsultationClients clients) : Hub
{
    public const string Path = "/hubs/collab";

    public async Task Join(Guid consultation, long lastSequence)
    {
        await Connection.JoinAsync(consultation, lastSequence);
        await Guard(() => Grain(consultation).Signal(ConsultationEventKind.Presence, true, Caller));
    }

    public Task Leave(Guid consultation) => Connection.LeaveAsync(consultation);

    public Task<long> Send(Guid consultation, Guid clientId, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            throw new HubException($"A message holds 1 to {MaxTextLength} characters.");
        }

        return Guard(() => Connection.Client.PostAsync(consultation, ItemBody.Message(text), clientId));
    }

    public Task Delete(Guid consultation, long sequence) => Guard(() => Grain(consultation).Delete(sequence, Caller));

    public Task MarkRead(Guid consultation, long sequence) => Guard(() => Grain(consultation).MarkRead(sequence, Caller));

    public Task Typing(Guid consultation) => Guard(() => Grain(consultation).Signal(ConsultationEventKind.Typing, true, Caller));

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

    public const int MaxTextLength = 20_000;

    private HubConnections.Connection Connection => connections.Of(Context, clients);

    private Contracts.Access.Caller Caller => Connection.Client.Caller;

    private IConsultationGrain Grain(Guid consultation) => Connection.Grains.GetGrain<IConsultationGrain>(consultation);

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

/// <summary>The hub's per-connection state on this node: the user's client, the consultations it joined, its inbox watch.</summary>
public sealed class HubConnections(LiveRelay relay, IGrainFactory grains, IHubContext<CollabHub> hub, Account.LiveSessions sessions)
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    /// <summary>Starts a connection's state, registered to close with its session.</summary>
    public Connection Open(HubCallerContext context, ConsultationClients clients) => Of(context, clients);

    public Connection Of(HubCallerContext context, ConsultationClients clients) =>
        _connections.GetOrAdd(context.ConnectionId, id =>
        {
            var http = context.GetHttpContext() ?? throw new HubException("No HTTP context.");
            var connection = new Connection(id, clients.For(http), relay, grains, hub);
            if (Account.SessionCookies.TicketOf(http.User) is { } ticket)
            {
                connection.Closing = sessions.Register(ticket.SessionId, async () =>
                {
                    context.Abort();
                    await EndAsync(id);
                });
            }

            return connection;
        });

    public async Task EndAsync(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
        {
            await connection.DisposeAsync();
        }
    }

    public sealed class Connection(string id, ConsultationClient client, LiveRelay relay, IGrainFactory grains, IHubContext<CollabHub> hub)
        : IInboxWatcher, IAsyncDisposable
    {
        private readonly ConcurrentDictionary<Guid, ConsultationFeed> _feeds = new();
        private IAsyncDisposable? _inbox;

        /// <summary>The registration that closes this connection when its session ends.</summary>
        public IDisposable? Closing { get; set; }

        public ConsultationClient Client => client;

        public IGrainFactory Grains => grains;

        public async Task JoinAsync(Guid consultation, long lastSequence)
        {
            try
            {
                await grains.GetGrain<IConsultationGrain>(consultation).Get(client.Caller); // a participant, or refused here
            }
            catch (DomainException e)
            {
                throw new HubException($"{e.Code}: {e.Message}");
            }

            var feed = new ConsultationFeed(relay, client, consultation, change => Push(consultation, change), retainItems: false);
            if (_feeds.TryAdd(consultation, feed))
            {
                await feed.StartAsync(lastSequence);
            }
            else
            {
                await _feeds[consultation].CatchUpAsync();
            }
        }

        public async Task LeaveAsync(Guid consultation)
        {
            if (_feeds.TryRemove(consultation, out var feed))
            {
                await feed.DisposeAsync();
            }
        }

        public async Task WatchInboxAsync() => _inbox ??= await relay.WatchInboxAsync(client.Me.Value, this);

        public Task OnInboxAsync(InboxEvent change) =>
            hub.Clients.Client(id).SendAsync("inbox", change.Consultation, change.Status);

        public async ValueTask DisposeAsync()
        {
            Closing?.Dispose();
            client.Forget();
            foreach (var consultation in _feeds.Keys)
            {
                await LeaveAsync(consultation);
            }

            if (_inbox is not null)
            {
                await _inbox.DisposeAsync();
            }
        }

        private async Task Push(Guid consultation, FeedChange change)
        {
            if (change.Items.Count > 0)
            {
                await hub.Clients.Client(id).SendAsync("items", change.Items.Select(i => HubItem.Of(consultation, i)).ToList());
            }

            if (change.Event is { } e)
            {
                await hub.Clients.Client(id).SendAsync("event", new HubEvent(consultation, e.Kind, e.Sequence, e.By?.Value, e.At, e.Status, e.Present));
            }
        }
    }
}
