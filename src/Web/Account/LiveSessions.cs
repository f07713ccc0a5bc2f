using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Crypto;

namespace Collab.Web.Account;

/// <summary>
/// Ends sessions everywhere they live, and what still shows them. Sessions are held in each web node's memory
/// (<see cref="SessionKeyStore"/>); open live views — hub connections, Blazor circuits — register here under
/// their session, and are closed the moment it ends. Whatever ends sessions (a suspension, a restriction, a
/// password change or reset, a logout) goes through <see cref="ISessionBroadcastGrain"/>, so every node applies
/// it before the request that caused it returns. A check every <see cref="CheckEvery"/> sweeps expired sessions
/// and ends those of accounts no longer in good standing, in case a node missed a broadcast.
/// </summary>
public sealed class LiveSessions(SessionKeyStore sessions, IGrainFactory grains, ILogger<LiveSessions> logger) : ISessionObserver, IHostedService, IDisposable
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<Task>>> _views = new();

    // The tickets of sessions with an open live view (which holds the ticket anyway): what lets this node act for a
    // holder who is online, to share a group's keys with a new member. Gone with the session's last view.
    private readonly ConcurrentDictionary<Guid, SessionTicket> _tickets = new();
    private ISessionObserver? _reference;
    private Timer? _timer;

    /// <summary>Registers something that shows a session's data live; <paramref name="close"/> runs when the session ends. Dispose to unregister.</summary>
    public IDisposable Register(SessionTicket ticket, Func<Task> close)
    {
        var sessionId = ticket.SessionId;
        _tickets[sessionId] = ticket;
        var views = _views.GetOrAdd(sessionId, _ => new());
        var id = Guid.NewGuid();
        views[id] = close;
        if (!sessions.IsAlive(sessionId))
        {
            // Ended between the view's start and its registration.
            _ = CloseAsync(sessionId);
        }

        return new Registration(() =>
        {
            if (views.TryRemove(id, out _) && views.IsEmpty && _views.TryRemove(new(sessionId, views)))
            {
                _tickets.TryRemove(sessionId, out _);
            }
        });
    }

    /// <summary>Whether the session still exists on this node (checked before anything is decrypted for it).</summary>
    public bool IsAlive(Guid sessionId) => sessions.IsAlive(sessionId);

    /// <summary>Ends sessions on every node (this one first, so a lost cluster still ends them here) and waits for the nodes to apply it.</summary>
    public async Task EndAsync(SessionChange change)
    {
        await OnSessionChange(change);
        try
        {
            await grains.Grain<ISessionBroadcastGrain>(0).Publish(change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not tell the other nodes to end sessions ({Reason}); their periodic check will", change.Reason);
        }
    }

    /// <summary>
    /// Applies a change on this node, and returns once the views it closes are closed (their keys forgotten). The
    /// sessions leave the shared vault first, so that no node can load them again (every node deletes: idempotent);
    /// should the database refuse, this node's copies end all the same and the caller is told it failed.
    /// </summary>
    public async Task OnSessionChange(SessionChange change)
    {
        ExceptionDispatchInfo? vaultFailure = null;
        if (!change.ViewsOnly)
        {
            try
            {
                await (change.Session is { } single ? sessions.ForgetSharedAsync(single) : sessions.ForgetSharedAsync(change.Practitioner, change.KeepSession));
            }
            catch (Exception e)
            {
                vaultFailure = ExceptionDispatchInfo.Capture(e);
            }
        }

        var ending = change.Session is { } one
            ? (sessions.UserOf(one) is not null || _views.ContainsKey(one) ? [one] : [])
            : sessions.SessionsOf(change.Practitioner).Where(s => s != change.KeepSession).ToList();
        foreach (var session in ending)
        {
            if (!change.ViewsOnly)
            {
                sessions.Destroy(session);
            }

            await CloseAsync(session);
        }

        vaultFailure?.Throw();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.Ended += OnEnded;
        _reference = grains.CreateObjectReference<ISessionObserver>(this);
        try
        {
            await grains.Grain<ISessionBroadcastGrain>(0).Subscribe(_reference);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not subscribe to session broadcasts yet; next try in {Interval}", CheckEvery);
        }

        _timer = new Timer(_ => _ = CheckAsync(), null, CheckEvery, CheckEvery);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        sessions.Ended -= OnEnded;
        if (_reference is not null)
        {
            try
            {
                await grains.Grain<ISessionBroadcastGrain>(0).Unsubscribe(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Unsubscribing from session broadcasts failed while stopping");
            }
        }
    }

    /// <summary>Renews the subscription, drops expired sessions, and ends those of accounts suspended, rejected, revoked or deleted meanwhile.</summary>
    public async Task CheckAsync()
    {
        try
        {
            if (_reference is not null)
            {
                await grains.Grain<ISessionBroadcastGrain>(0).Subscribe(_reference);
            }

            await sessions.SweepAsync();
            foreach (var user in sessions.Users())
            {
                var standing = await grains.Grain<IPractitionerGrain>(user).GetStanding();
                if (standing.Status is AccountStatus.Suspended or AccountStatus.Rejected or AccountStatus.Revoked or AccountStatus.Deleted)
                {
                    await sessions.ForgetSharedAsync(user, null);
                    sessions.DestroyAll(user);
                }
                else if (standing.Status == AccountStatus.Restricted)
                {
                    // A restricted account may log in again (to be told why), but no live view stays open on health data.
                    await CloseViewsOfAsync(user);
                }
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The periodic session check failed; next try in {Interval}", CheckEvery);
        }
    }

    /// <summary>
    /// Shares a group's keys with a member who accepted, as the first holder with a live view open on this node: the
    /// holder's keys open the ring, which is sealed to the member's public key. The holder's name is on the audit event.
    /// </summary>
    public async Task<bool> OnKeysWanted(KeysWanted request)
    {
        foreach (var holder in request.Holders)
        {
            foreach (var sessionId in sessions.SessionsOf(holder.Value))
            {
                if (!_tickets.TryGetValue(sessionId, out var ticket))
                {
                    continue;
                }

                try
                {
                    using var keys = sessions.Unlock(ticket);
                    await Groups.GroupService.ConfirmAsync(grains, request.Group, request.Member, Caller.Practitioner(holder.Value, null, "key-sharing"), keys);
                    return true;
                }
                catch (DomainException e) when (e.Code == DomainErrorCode.Conflict)
                {
                    return true; // confirmed meanwhile (by another holder, or a visit)
                }
                catch (Exception e) when (e is DomainException or CryptoException)
                {
                    logger.LogInformation("A holder's session on this node could not share the keys of group {Group}: {Reason}", request.Group, e is DomainException d ? d.Code : ((CryptoException)e).Failure);
                }
            }
        }

        return false;
    }

    public void Dispose() => _timer?.Dispose();

    private void OnEnded(Guid sessionId, Guid user) => _ = CloseAsync(sessionId);

    private async Task CloseViewsOfAsync(Guid user)
    {
        foreach (var sessionId in sessions.SessionsOf(user))
        {
            await CloseAsync(sessionId);
        }
    }

    private async Task CloseAsync(Guid sessionId)
    {
        _tickets.TryRemove(sessionId, out _);
        if (!_views.TryRemove(sessionId, out var views))
        {
            return;
        }

        foreach (var close in views.Values)
        {
            try
            {
                await close();
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "A live view failed to close after its session ended");
            }
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
