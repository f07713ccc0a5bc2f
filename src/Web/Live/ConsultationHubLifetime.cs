using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Collab.Web.Live;

/// <summary>
/// SignalR's own connection bookkeeping for the consultation hub, plus one thing it does not offer: writing a message
/// serialised once (<see cref="SerializedHubMessage"/>) to one connection. A live item goes to each of the node's
/// viewers separately (each viewer's feed decides whether it is next in order), so <c>Clients.Client(id)</c> would
/// serialise it again for every one of them.
/// </summary>
public sealed class ConsultationHubLifetime(ILogger<DefaultHubLifetimeManager<ConsultationHub>> logger)
    : DefaultHubLifetimeManager<ConsultationHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new();

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>Writes <paramref name="message"/> to the connection (nothing when it has gone).</summary>
    public ValueTask WriteAsync(string connectionId, SerializedHubMessage message) =>
        _connections.TryGetValue(connectionId, out var connection) ? connection.WriteAsync(message) : ValueTask.CompletedTask;
}
