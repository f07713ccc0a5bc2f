using Collab.Contracts.Access;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Collab.Grains.Access;

/// <summary>
/// The cluster's one session broadcaster. Unlike the live relays (told after the fact, one way), a publish here
/// waits until every node has ended the sessions, so that when a suspension or a password reset returns, no
/// open connection anywhere still decrypts for that account. A node that does not answer within
/// <see cref="NodeTimeout"/> is passed over: its own periodic check ends the sessions within half a minute.
/// </summary>
[Reentrant]
public sealed class SessionBroadcastGrain(TimeProvider clock, ILogger<SessionBroadcastGrain> logger) : Grain, ISessionBroadcastGrain
{
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<ISessionObserver, DateTimeOffset> _nodes = [];

    public Task Subscribe(ISessionObserver node)
    {
        _nodes[node] = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ISessionObserver node)
    {
        _nodes.Remove(node);
        return Task.CompletedTask;
    }

    public async Task Publish(SessionChange change)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _nodes.Where(n => now - n.Value > SubscriptionExpiry).Select(n => n.Key).ToList())
        {
            _nodes.Remove(stale);
        }

        await Task.WhenAll(_nodes.Keys.ToList().Select(node => TellAsync(node, change)));
    }

    public async Task<bool> WantKeys(KeysWanted request)
    {
        foreach (var node in _nodes.Keys.ToList())
        {
            try
            {
                if (await node.OnKeysWanted(request).WaitAsync(NodeTimeout))
                {
                    return true;
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A web node could not share the keys of group {Group}; the next holder's login will", request.Group);
            }
        }

        return false;
    }

    private async Task TellAsync(ISessionObserver node, SessionChange change)
    {
        try
        {
            await node.OnSessionChange(change).WaitAsync(NodeTimeout);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A web node did not apply a session change ({Reason}); its periodic check will", change.Reason);
        }
    }
}
