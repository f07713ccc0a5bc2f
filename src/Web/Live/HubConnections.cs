using System.Collections.Concurrent;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Consultations;
using Collab.Web.Conversations;
using Collab.Web.Discussions;
using Microsoft.AspNetCore.SignalR;

namespace Collab.Web.Live;

/// <summary>The hub's per-connection state on this node: the user's clients, the conversations it joined, its inbox watch.</summary>
public sealed class HubConnections(LiveRelay relay, IHubContext<ConsultationHub> hub, ConsultationHubLifetime lifetime, Account.LiveSessions sessions)
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    /// <summary>Starts a connection's state, registered to close with its session.</summary>
    public Connection Open(HubCallerContext context, ConsultationClients clients) => Of(context, clients);

    public Connection Of(HubCallerContext context, ConsultationClients clients) =>
        _connections.GetOrAdd(context.ConnectionId, id =>
        {
            var http = context.GetHttpContext() ?? throw new HubException("No HTTP context.");
            var connection = new Connection(id, clients.For(http), clients.DiscussionsFor(http), relay, hub, lifetime);
            if (Account.SessionCookies.TicketOf(http.User) is { } ticket)
            {
                connection.Closing = sessions.Register(ticket, async () =>
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

    public sealed class Connection(string id, ConsultationClient client, DiscussionClient discussions, LiveRelay relay, IHubContext<ConsultationHub> hub, ConsultationHubLifetime lifetime)
        : IInboxWatcher, IAsyncDisposable
    {
        private readonly ConcurrentDictionary<Guid, ConsultationFeed> _feeds = new();
        private IAsyncDisposable? _inbox;

        /// <summary>The registration that closes this connection when its session ends.</summary>
        public IDisposable? Closing { get; set; }

        public ConsultationClient Client => client;

        /// <summary>The client of a conversation this connection joined (a discussion's or a consultation's); a consultation's otherwise.</summary>
        public ConversationClient ClientOf(Guid conversation) => _feeds.TryGetValue(conversation, out var feed) ? feed.Client : client;

        /// <summary>Joins a consultation (<paramref name="discussion"/> false) or a discussion between colleagues, from <paramref name="lastSequence"/> on.</summary>
        public async Task JoinAsync(Guid conversation, long lastSequence, bool discussion = false)
        {
            ConversationClient joined = discussion ? discussions : client;
            var feed = new ConsultationFeed(relay, joined, conversation, change => Push(conversation, change), retainItems: false);
            try
            {
                if (_feeds.TryAdd(conversation, feed))
                {
                    // A member or a participant, or refused by the feed's first read (one audited call per join, which
                    // matters when a thousand clients of a lost web node join again at once).
                    await feed.StartAsync(lastSequence, refuseOutsiders: true);
                }
                else
                {
                    await _feeds[conversation].CatchUpAsync();
                }
            }
            catch (DomainException e)
            {
                if (_feeds.TryRemove(new(conversation, feed)))
                {
                    await feed.DisposeAsync();
                }

                throw new HubException($"{e.Code}: {e.Message}");
            }
        }

        /// <summary>The last sequence up to which this connection was sent every item of <paramref name="consultation"/> (0 when not joined).</summary>
        public long Seen(Guid consultation) => _feeds.TryGetValue(consultation, out var feed) ? feed.Contiguous : 0;

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
            discussions.Forget();
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
            if (change.Items is [var one] && change.Live?.ItemsMessage(one) is { } shared)
            {
                await lifetime.WriteAsync(id, shared); // serialised once for the node's viewers
            }
            else if (change.Items.Count > 0)
            {
                await hub.Clients.Client(id).SendAsync("items", change.Items.Select(i => HubItem.Of(consultation, i)).ToList());
            }

            if (change is { Event: not null, Live: { } live })
            {
                await lifetime.WriteAsync(id, live.EventMessage()); // the same for every viewer: serialised once
            }
        }
    }
}
