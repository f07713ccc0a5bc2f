using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Collab.Proxy;

/// <summary>
/// The first step of the proxy's pipeline: a request whose node refused the connection (its process is gone) is sent to
/// another node, as nginx's <c>proxy_next_upstream error</c> does, instead of answering 502. When a node dies, the
/// requests already sent to it before the passive policy took it out (hundreds, when a thousand hub clients reconnect
/// at once) would each fail and wait for the client's next attempt. A refused connection carried nothing to the node,
/// and only requests that cannot have a body (a page, a hub connection's upgrade, a negotiation) are sent again:
/// nothing is done twice, no body is read twice.
/// </summary>
public static class NextNodeOnRefusal
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        List<DestinationState>? refused = null;
        while (true)
        {
            await next();
            if (!RefusedConnectionPolicy.WasRefused(context)
                || proxy.ProxiedDestination is not { } node
                || context.Response.HasStarted
                || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
            {
                return;
            }

            (refused ??= []).Add(node);
            var others = proxy.AllDestinations
                .Where(d => !refused.Contains(d) && d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy)
                .ToList();
            if (others.Count == 0)
            {
                return; // the 502 stands: no node left to try
            }

            // Again, as if it had just arrived, among the nodes not tried (the affinity cookie's node is one of those tried).
            proxy.AvailableDestinations = others;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }
}
