using Collab.Contracts.Access;
using Collab.Contracts.Calls;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Calls;

/// <summary>
/// The call of one conversation (<see cref="ICallGrain"/>). The conversation grain is the access rule: a join is its
/// <c>Signal(Call)</c> (members only, and the ring its viewers see), and every <see cref="MemberCheckPeriod"/> each
/// participant is asked for again (<c>Recipients</c>, members only): whoever lost access is put out of the call. The
/// call in progress lives in memory (a call does not outlive its silo); ended calls are kept as metadata for the
/// conversation's timeline. Joins, leaves, removals and ends are traced; signalling passes through, unlogged.
/// </summary>
public sealed class CallGrain(
    [PersistentState("call", StorageNames.Collab)] IPersistentState<CallState> state,
    IVideoCalls video,
    IAuditTrail audit,
    TimeProvider clock,
    ILogger<CallGrain> logger) : Grain, ICallGrain
{
    /// <summary>The most browsers a peer-to-peer mesh carries well.</summary>
    public const int MaxParticipants = 4;

    /// <summary>The largest signalling message (a session description with its candidates).</summary>
    public const int MaxSignalLength = 64 * 1024;

    /// <summary>How often the participants' access is checked again while a call lasts.</summary>
    public static readonly TimeSpan MemberCheckPeriod = TimeSpan.FromSeconds(5);

    private const int KeptCalls = 100;

    private const string ObjectType = "conversation";

    private readonly Dictionary<Guid, Participant> _participants = [];
    private Current? _current;
    private IGrainTimer? _memberCheck;

    private sealed record Participant(CallPeer Peer, ICallObserver Observer, Caller Caller);

    private sealed record Current(Guid Id, CallMedia Media, DateTimeOffset StartedAt, bool Discussion, HashSet<Guid> Practitioners)
    {
        /// <summary>The members rung when it started (told again when it ends).</summary>
        public List<PractitionerId> Rung { get; } = [];
    }

    private Guid Id => this.GetPrimaryKey();

    public async Task<CallJoined> Join(bool discussion, CallMedia media, ICallObserver observer, Caller caller)
    {
        if (!Enum.IsDefined(media))
        {
            throw DomainException.Invalid([new("media", "must be Video or Voice")]);
        }

        // The conversation decides who joins; it also rings for its viewers.
        await Conversation(discussion).Signal(ConsultationEventKind.Call, true, caller);
        if (_participants.Count >= MaxParticipants)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A call holds at most {MaxParticipants} participants.");
        }

        if (_current is null)
        {
            var call = new Current(Guid.NewGuid(), media, clock.GetUtcNow(), discussion, []);
            try
            {
                await video.OpenAsync(call.Id);
            }
            catch (Exception e) when (e is not DomainException)
            {
                logger.LogWarning("Call {Conversation}: the video service refused or did not answer ({Error})", Id, e.GetType().Name);
                throw new DomainException(DomainErrorCode.Conflict, "The call service did not answer; start the call again in a moment.");
            }

            _current = call;
            _memberCheck = this.RegisterGrainTimer(CheckMembersAsync, new GrainTimerCreationOptions(MemberCheckPeriod, MemberCheckPeriod) { KeepAlive = true, Interleave = false });
            await RingAsync(caller);
        }

        var peer = new CallPeer(Guid.NewGuid(), new PractitionerId(caller.PractitionerId!.Value), clock.GetUtcNow());
        var others = _participants.Values.Select(p => p.Peer).ToList();
        _participants[peer.Peer] = new Participant(peer, observer, caller);
        _current.Practitioners.Add(caller.PractitionerId.Value);
        await audit.RecordAsync(clock, caller, AuditCategory.Functional, "call.join", ObjectType, Id.ToString(), detail: $"{{\"call\":\"{_current.Id}\",\"media\":\"{_current.Media}\"}}");
        await TellAsync(others.Select(o => o.Peer), o => o.Joined(peer));
        return new CallJoined(_current.Id, peer.Peer, _current.Media, others, video.Access(_current.Id, peer.Peer.ToString("N")));
    }

    public async Task Signal(Guid from, Guid to, string payload, Caller caller)
    {
        await RequireOwnPeer(from, caller);
        if (string.IsNullOrEmpty(payload) || payload.Length > MaxSignalLength)
        {
            throw DomainException.Invalid([new("payload", $"must be 1 to {MaxSignalLength} characters")]);
        }

        if (!_participants.ContainsKey(to))
        {
            throw new DomainException(DomainErrorCode.NotFound, "That participant has left the call.");
        }

        await TellAsync([to], o => o.Signal(from, payload));
    }

    public async Task Leave(Guid peer, Caller caller)
    {
        if (!_participants.ContainsKey(peer))
        {
            return; // left already (another tab, or put out)
        }

        await RequireOwnPeer(peer, caller);
        await RemoveAsync(peer, "call.leave", caller);
    }

    public async Task<CallView> Get(bool discussion, Caller caller)
    {
        await Conversation(discussion).Recipients(caller); // members only
        var current = _current is null ? null : new CallRecord(_current.Id, _current.Media, _current.StartedAt, null, _current.Practitioners.Count);
        return new CallView(current, [.. _participants.Values.Select(p => p.Peer).OrderBy(p => p.JoinedAt)], state.State.Ended);
    }

    private IConversationGrain Conversation(bool discussion) =>
        discussion ? GrainFactory.Grain<IDiscussionGrain>(Id) : GrainFactory.Grain<IConsultationGrain>(Id);

    private async Task RequireOwnPeer(Guid peer, Caller caller)
    {
        if (!_participants.TryGetValue(peer, out var participant) || participant.Peer.Practitioner.Value != caller.PractitionerId)
        {
            await audit.RecordAsync(clock, caller, AuditCategory.Access, "call.access", ObjectType, Id.ToString(), AuditOutcome.Refused);
            throw AccessRules.Forbidden("signal in this call (its participants only)");
        }
    }

    // Every other member of the conversation (its group's confirmed members too) hears it ring, wherever they are in the app.
    private async Task RingAsync(Caller starter)
    {
        var recipients = await Conversation(_current!.Discussion).Recipients(starter);
        var members = new HashSet<PractitionerId>(recipients.People);
        if (recipients.Group is { } group)
        {
            members.UnionWith(await GrainFactory.Grain<IGroupGrain>(group).GetConfirmedMembers());
        }

        members.Remove(new PractitionerId(starter.PractitionerId!.Value));
        _current.Rung.AddRange(members);
        foreach (var member in members)
        {
            GrainFactory.Grain<IInboxGrain>(member.Value).Ring(new CallRing(member, Id, _current.Discussion, new PractitionerId(starter.PractitionerId.Value), _current.Media, true)).Ignore();
        }
    }

    // Everyone whose access to the conversation ended is put out of the call.
    private async Task CheckMembersAsync(CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            return;
        }

        foreach (var participant in _participants.Values.ToList())
        {
            try
            {
                await Conversation(_current.Discussion).Recipients(participant.Caller);
            }
            catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.NotFound or DomainErrorCode.Gone)
            {
                await TellAsync([participant.Peer.Peer], o => o.Ended("removed"));
                await RemoveAsync(participant.Peer.Peer, "call.removed", Caller.System("call"));
            }
        }
    }

    private async Task RemoveAsync(Guid peer, string action, Caller caller)
    {
        var participant = _participants[peer];
        _participants.Remove(peer);
        var seconds = (long)(clock.GetUtcNow() - participant.Peer.JoinedAt).TotalSeconds;
        var call = _current?.Id;
        await audit.RecordAsync(
            clock, action == "call.leave" ? caller : participant.Caller, AuditCategory.Functional, action, ObjectType, Id.ToString(),
            detail: $"{{\"call\":\"{call}\",\"seconds\":{seconds}}}");
        await TellAsync(_participants.Keys, o => o.Left(peer));
        if (_participants.Count == 0)
        {
            await EndAsync(participant.Caller);
        }
    }

    private async Task EndAsync(Caller last)
    {
        // Telling the others may remove unreachable peers on the way, and the last removal ends the call: once is enough.
        if (_current is not { } current)
        {
            return;
        }

        _current = null;
        _memberCheck?.Dispose();
        _memberCheck = null;
        var record = new CallRecord(current.Id, current.Media, current.StartedAt, clock.GetUtcNow(), current.Practitioners.Count);
        state.State.Ended.Insert(0, record);
        if (state.State.Ended.Count > KeptCalls)
        {
            state.State.Ended.RemoveRange(KeptCalls, state.State.Ended.Count - KeptCalls);
        }

        await state.WriteStateAsync();
        await audit.RecordAsync(
            clock, Caller.System("call"), AuditCategory.Functional, "call.end", ObjectType, Id.ToString(),
            detail: $"{{\"call\":\"{current.Id}\",\"seconds\":{(long)record.Duration(clock.GetUtcNow()).TotalSeconds},\"participants\":{record.Participants}}}");
        await video.CloseAsync(current.Id);
        foreach (var member in current.Rung)
        {
            GrainFactory.Grain<IInboxGrain>(member.Value).Ring(new CallRing(member, Id, current.Discussion, new PractitionerId(last.PractitionerId ?? Guid.Empty), current.Media, false)).Ignore();
        }

        try
        {
            await Conversation(current.Discussion).Signal(ConsultationEventKind.Call, false, last); // the ring stops
        }
        catch (DomainException)
        {
            // the last one lost access: the viewers see the end on their next look
        }
    }

    // Tells the observers of these peers; one whose web node is gone is treated as having left.
    private async Task TellAsync(IEnumerable<Guid> peers, Func<ICallObserver, Task> message)
    {
        foreach (var peer in peers.ToList())
        {
            if (!_participants.TryGetValue(peer, out var participant))
            {
                continue;
            }

            try
            {
                await message(participant.Observer).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is not DomainException)
            {
                logger.LogInformation("Call {Conversation}: peer {Peer} unreachable ({Error}); removed", Id, peer, e.GetType().Name);
                if (_participants.ContainsKey(peer))
                {
                    await RemoveAsync(peer, "call.leave", participant.Caller);
                }
            }
        }
    }
}
