using Collab.Web.Account;
using Microsoft.AspNetCore.SignalR;

namespace Collab.Web.Live;

/// <summary>
/// Every hub call asks whether the connection's session still lives (on this node: a logout, a suspension or a
/// password reset anywhere has ended it here too). A connection whose session ended is closed, and the call refused:
/// the check at connection time is not enough for a connection that stays open for hours.
/// </summary>
public sealed class SessionHubFilter(LiveSessions sessions) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        if (SessionCookies.TicketOf(context.User!) is not { } ticket || !sessions.IsAlive(ticket.SessionId))
        {
            context.Abort();
            throw new HubException("Unauthenticated: the session has ended; log in again.");
        }

        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (SessionCookies.TicketOf(context.Context.User!) is not { } ticket || !sessions.IsAlive(ticket.SessionId))
        {
            context.Context.Abort();
            return;
        }

        await next(context);
    }
}
