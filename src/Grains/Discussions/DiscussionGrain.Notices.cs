using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;

namespace Collab.Grains.Discussions;

/// <summary>
/// Notices of unread messages, by email or SMS per each member's preferences, with no content. After a message, each
/// other member who has not muted the discussion is owed a notice; a member mentioned is owed one even when muted.
/// The grain looks every <see cref="DiscussionNoticeOptions.CheckEvery"/>: a member who read up to the message (their
/// page open marks it read at once) owes nothing; otherwise, once the message is <see cref="DiscussionNoticeOptions.Delay"/>
/// old, one notice goes, then none about this discussion for <see cref="DiscussionNoticeOptions.Quiet"/>. What is owed
/// lives in memory (the timer keeps the grain active): a silo that dies forgets the notices it owed.
/// </summary>
public sealed partial class DiscussionGrain
{
    private readonly Dictionary<Guid, Owed> _owed = [];
    private readonly Dictionary<Guid, DateTimeOffset> _lastNotice = [];
    private IGrainTimer? _noticeTimer;

    public async Task Mention(IReadOnlyList<PractitionerId> people, long sequence, Caller caller)
    {
        var me = await RequireMember(caller, "mention colleagues in this discussion");
        var mentioned = people.Select(p => p.Value).Distinct().Where(p => p != me).ToList();
        if (mentioned.Count == 0 || mentioned.Any(p => !S.Members.Contains(p)))
        {
            throw DomainException.Invalid([new("people", "must name members of this discussion other than you")]);
        }

        if (sequence < 1 || sequence > _conversation.LastGiven)
        {
            throw DomainException.Invalid([new("sequence", $"must be a message of this discussion (1 to {_conversation.LastGiven})")]);
        }

        foreach (var person in mentioned)
        {
            Owe(person, sequence, mention: true);
        }

        await _audit.RecordAsync([_conversation.Event(caller, "mention")]);
    }

    // A message at place: every other member who has not muted the discussion is owed a notice.
    private void Unread(long place, Guid author)
    {
        foreach (var member in S.Members.Where(m => m != author && !S.Muted.Contains(m)))
        {
            Owe(member, place, mention: false);
        }
    }

    private void Owe(Guid member, long place, bool mention)
    {
        var now = _clock.GetUtcNow();
        _owed[member] = _owed.TryGetValue(member, out var owed)
            ? owed with { Last = Math.Max(owed.Last, place), Mention = owed.Mention || mention }
            : new Owed(place, now, mention);
        _noticeTimer ??= this.RegisterGrainTimer(SendNoticesAsync, new GrainTimerCreationOptions(_notices.CheckEvery, _notices.CheckEvery) { KeepAlive = true, Interleave = true });
    }

    private Task SendNoticesAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        foreach (var (member, owed) in _owed.ToList())
        {
            var read = S.ReadUpTo.TryGetValue(member, out var state) ? state.Sequence : 0;
            if (!S.Members.Contains(member) || read >= owed.Last)
            {
                _owed.Remove(member); // left, or read it: nothing to tell
            }
            else if (now - owed.Since >= _notices.Delay && (!_lastNotice.TryGetValue(member, out var last) || now - last >= _notices.Quiet))
            {
                _owed.Remove(member);
                _lastNotice[member] = now;
                var notice = owed.Mention ? ConsultationNotice.DiscussionMention : ConsultationNotice.DiscussionMessages;
                GrainFactory.Grain<IPractitionerGrain>(member).Notify(notice, Id).Ignore();
            }
        }

        if (_owed.Count == 0)
        {
            _noticeTimer?.Dispose();
            _noticeTimer = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>A notice owed to a member: the last message it is about, since when it is owed, and whether one of them mentions them.</summary>
    private sealed record Owed(long Last, DateTimeOffset Since, bool Mention);
}
