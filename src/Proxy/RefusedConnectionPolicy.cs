using System.Collections.Concurrent;
using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Collab.Proxy;

/// <summary>
/// The proxy's passive health policy: a node whose process died is taken out at once, so that the clients it held,
/// reconnecting all at the same moment, are sent to another node instead of failing on it first. A node is out when a
/// request finds nothing listening at its address, or when one of its WebSocket tunnels (a hub connection) ends and
/// a connection to its address is refused — a killed process closes its tunnels cleanly, which YARP's failure-rate
/// policy counts as successes. Every other outcome is judged by that failure-rate policy, as before.
/// </summary>
public sealed class RefusedConnectionPolicy(IServiceProvider services, IDestinationHealthUpdater health, ILogger<RefusedConnectionPolicy> logger)
    : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "RefusedConnection";

    /// <summary>How long the check of a node whose tunnel ended waits for its connection to be accepted or refused.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(1);

    // One check at a time per node: a dead node's thousand tunnels end together.
    private readonly ConcurrentDictionary<DestinationState, bool> _checking = new();

    // The built-in failure-rate policy, resolved at the first request (resolving it in the constructor would resolve this
    // policy again).
    private IPassiveHealthCheckPolicy? _failureRate;

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (WasRefused(context))
        {
            TakeOut(cluster, destination);
            return;
        }

        if (context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols && _checking.TryAdd(destination, true))
        {
            _ = CheckListeningAsync(cluster, destination);
        }

        if (destination.Health.Passive == DestinationHealth.Unhealthy)
        {
            // Out until its reactivation: the failure-rate policy, told of the node's last tunnels ending, would put it
            // back at once (it counts them against its earlier successes) and send the next reconnections to it.
            return;
        }

        _failureRate ??= services.GetServices<IPassiveHealthCheckPolicy>().Single(p => p.Name == HealthCheckConstants.PassivePolicy.TransportFailureRate);
        _failureRate.RequestProxied(context, cluster, destination);
    }

    private async Task CheckListeningAsync(ClusterState cluster, DestinationState destination)
    {
        try
        {
            var address = new Uri(destination.Model.Config.Address);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(CheckTimeout);
            await socket.ConnectAsync(address.Host, address.Port, timeout.Token);
        }
        catch (SocketException e) when (Refused(e))
        {
            TakeOut(cluster, destination);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Unreachable or slow, not refused: the active probe judges it.
        }
        finally
        {
            _checking.TryRemove(destination, out _);
        }
    }

    private void TakeOut(ClusterState cluster, DestinationState destination)
    {
        if (destination.Health.Passive != DestinationHealth.Unhealthy)
        {
            logger.LogWarning("Node {Node} refused a connection: no request goes to it for now", destination.Model.Config.Address);
        }

        // Out for the cluster's reactivation period; the active probe keeps it out while it does not answer.
        health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? TimeSpan.FromSeconds(5));
    }

    /// <summary>Whether the request just forwarded found nothing listening at its node's address.</summary>
    internal static bool WasRefused(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: { } error } && Refused(error);

    // Nothing listens at the address: the socket's own refusal, or the one inside the forwarder's request exception.
    private static bool Refused(Exception error) =>
        (error as SocketException ?? error.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionRefused;
}
