using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Conversations;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Discussions;

/// <summary>
/// A discussion between colleagues: its members and the conversation they share (<see cref="Conversation{TState}"/>,
/// the mechanism a consultation's discussion uses too). Only members read or write; the owner adds and removes.
/// Messages expire by day unless the discussion is kept (<c>DiscussionGrain.Retention.cs</c>); members who leave
/// messages unread are told, at most once per discussion per 15 minutes (<c>DiscussionGrain.Notices.cs</c>).
/// </summary>
public sealed partial class DiscussionGrain : Grain, IDiscussionGrain, IRemindable
{
    private const string ObjectType = "discussion";

    private readonly IPersistentState<DiscussionState> _state;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<DiscussionGrain> _logger;
    private readonly IContentShredder _shredder;
    private readonly ICertificateSigner _signer;
    private readonly DiscussionNoticeOptions _notices;
    private readonly Conversation<DiscussionState> _conversation;

    public DiscussionGrain(
        [PersistentState("discussion", StorageNames.Collab)] IPersistentState<DiscussionState> state,
        IEncryptedItemLog items,
        IAuditTrail audit,
        IGrainContext context,
        IContentShredder shredder,
        ICertificateSigner signer,
        DiscussionNoticeOptions notices,
        TimeProvider clock,
        ILogger<DiscussionGrain> logger)
    {
        _state = state;
        _audit = audit;
        _shredder = shredder;
        _signer = signer;
        _notices = notices;
        _clock = clock;
        _logger = logger;
        _conversation = new(context, ObjectType, state, items, audit, GrainFactory, clock, logger, () => state.State.MembersVersion, dailyEpochs: true);
    }

    private Guid Id => this.GetPrimaryKey();

    private DiscussionState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _state.FlushAuditAsync(_audit);
        await _conversation.ActivateAsync(cancellationToken);
        if (S.Owner is not null && S.Retention.Policy is null)
        {
            await StartRetentionAsync(); // a discussion started before messages expired
        }
    }

    public async Task Start(DiscussionStart start, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "start a discussion");
        var me = caller.PractitionerId!.Value;
        if (S.Owner is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Discussion {Id} exists already.");
        }

        var people = start.People.Select(p => p.Value).Where(p => p != me).Distinct().ToList();
        var name = CheckName(start.Name, required: false);
        if (people.Count == 0 || people.Count + 1 > DiscussionStart.MaxMembers)
        {
            throw DomainException.Invalid([new("people", $"must name 1 to {DiscussionStart.MaxMembers - 1} colleagues")]);
        }

        if (start.Group is { } group)
        {
            // A whole group: its confirmed members are all in it, and in contact through the group (red list or not).
            var groupGrain = GrainFactory.Grain<IGroupGrain>(group);
            var confirmed = (await groupGrain.GetConfirmedMembers()).Select(m => m.Value).ToList();
            if (!confirmed.Contains(me))
            {
                throw DomainException.Invalid([new("group", "must be a group you are a confirmed member of")]);
            }

            var active = await ActiveAsync(confirmed.Where(m => m != me));
            if (active.Any(m => !people.Contains(m)))
            {
                throw DomainException.Invalid([new("people", "must hold every active confirmed member of the group")]);
            }

            await RequireColleagues(people, caller, inContact: confirmed);
            name ??= CheckName((await groupGrain.GetInfo()).Name, required: false);
        }
        else
        {
            await RequireColleagues(people, caller);
        }

        if (start.FirstEpoch.Group is not null)
        {
            throw DomainException.Invalid([new("firstEpoch.sealedToGroup", "a discussion's epochs are sealed to its members")]);
        }

        List<Guid> members = [me, .. people];
        RequireSealedToAll(start.FirstEpoch, members, "firstEpoch.");
        await _conversation.CheckSeal(start.FirstEpoch, "firstEpoch.");
        S.Owner = me;
        S.Name = name;
        S.StartedAt = _clock.GetUtcNow();
        S.Members = members;
        _conversation.AddEpoch(start.FirstEpoch);
        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, "start"), _logger);
        await Task.WhenAll(members.Select(m => GrainFactory.Grain<IDiscussionListGrain>(m).Add(Id)));
        await StartRetentionAsync();
    }

    public async Task<DiscussionView> Get(Caller caller)
    {
        var me = await RequireMember(caller, "read this discussion");
        return new DiscussionView(
            Id, S.Name, new PractitionerId(S.Owner!.Value), S.Members.Select(m => new PractitionerId(m)).ToList(), S.StartedAt,
            S.LastSequence, S.ReadUpTo.TryGetValue(me, out var read) ? read.Sequence : 0, S.Muted.Contains(me), S.Keep, S.ExpiredBefore);
    }

    public async Task AddMembers(IReadOnlyList<PractitionerId> people, Caller caller, IReadOnlyList<HistorySeal>? history = null)
    {
        await RequireOwner(caller, "add members to this discussion");
        var added = people.Select(p => p.Value).Distinct().Where(p => !S.Members.Contains(p)).ToList();
        if (added.Count == 0 || S.Members.Count + added.Count > DiscussionStart.MaxMembers)
        {
            throw DomainException.Invalid([new("people", $"must name colleagues not yet members (at most {DiscussionStart.MaxMembers} members in all)")]);
        }

        await RequireColleagues(added, caller);
        var shared = history is null ? null : HistoryFor(added, history);
        S.Members.AddRange(added);
        S.MembersVersion++;
        foreach (var member in added)
        {
            // They start with nothing unread (posts still being written went to the epoch before: places up to the
            // last one given), and read from here on unless the owner gave them the history's keys.
            S.ReadUpTo[member] = new ReadState { Sequence = _conversation.LastGiven, At = _clock.GetUtcNow() };
            if (shared is null)
            {
                S.JoinedAfter[member] = _conversation.LastGiven;
            }
        }

        foreach (var seal in shared ?? [])
        {
            S.Epochs[seal.Epoch - 1].SealedToParticipants[seal.Member] = seal.SealedKey;
        }

        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, shared is null ? "members.add" : "members.add.history"), _logger);
        await Task.WhenAll(added.Select(m => GrainFactory.Grain<IDiscussionListGrain>(m).Add(Id)));
        PublishMembers(caller);
    }

    public async Task RemoveMember(PractitionerId member, Caller caller)
    {
        await RequireOwner(caller, "remove members from this discussion");
        if (member.Value == S.Owner || !S.Members.Contains(member.Value))
        {
            throw DomainException.Invalid([new("member", "must be a member other than the owner (the owner leaves instead)")]);
        }

        await DropAsync(member.Value, caller, "members.remove");
    }

    public async Task Leave(Caller caller)
    {
        var me = await RequireMember(caller, "leave this discussion");
        await DropAsync(me, caller, "leave");
    }

    public async Task Rename(string name, Caller caller)
    {
        await RequireMember(caller, "rename this discussion");
        S.Name = CheckName(name, required: true);
        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, "rename"), _logger);
        PublishMembers(caller);
    }

    public async Task Mute(bool muted, Caller caller)
    {
        var me = await RequireMember(caller, "mute this discussion");
        if (muted ? S.Muted.Add(me) : S.Muted.Remove(me))
        {
            await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, muted ? "mute" : "unmute"), _logger);
        }
    }

    public async Task<int> StartEpoch(EpochSeal seal, Caller caller)
    {
        await RequireMember(caller, "write to this discussion");
        if (seal.Group is not null)
        {
            throw DomainException.Invalid([new("sealedToGroup", "a discussion's epochs are sealed to its members")]);
        }

        RequireSealedToAll(seal, S.Members, "");
        return await _conversation.StartEpoch(seal, caller);
    }

    public async Task<ConversationRecipients> Recipients(Caller caller)
    {
        await RequireMember(caller, "read this discussion's keys");
        return new(S.Members.Select(m => new PractitionerId(m)).ToList(), null);
    }

    public async Task<long> Post(int epoch, byte[] ciphertext, Guid clientId, Caller caller)
    {
        var place = await _conversation.Post(epoch, ciphertext, clientId, caller, () => RequireMember(caller, "write to this discussion"), () =>
        {
            // Still a member after the last await (a removal may have run meanwhile: posts interleave).
            if (caller.PractitionerId is not { } id || !S.Members.Contains(id))
            {
                throw AccessRules.Forbidden("write to this discussion");
            }
        });
        Unread(place, caller.PractitionerId!.Value);
        return place;
    }

    public async Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller)
    {
        var me = await RequireMember(caller, "read this discussion");
        return await _conversation.Read(Math.Max(fromSequence, S.JoinedAfter.GetValueOrDefault(me) + 1), limit, caller);
    }

    public async Task<IReadOnlyList<EpochSealView>> GetEpochSeals(Caller caller)
    {
        var me = await RequireMember(caller, "read this discussion's keys");
        return _conversation.Seals(me);
    }

    public async Task Delete(long sequence, Caller caller)
    {
        await RequireMember(caller, "delete a message");
        await _conversation.Delete(sequence, caller);
    }

    public async Task MarkRead(long sequence, Caller caller)
    {
        await RequireMember(caller, "read this discussion");
        await _conversation.MarkRead(sequence, caller);
    }

    public async Task Signal(ConsultationEventKind kind, bool present, Caller caller)
    {
        await RequireMember(caller, "signal in this discussion");
        _conversation.Signal(kind, present, caller);
    }

    public async Task RecordDownload(DownloadKind kind, Caller caller)
    {
        await RequireMember(caller, "download from this discussion");
        await _conversation.RecordDownload(kind, caller);
    }

    public Task<long> Subscribe(ILiveRelay relay)
    {
        if (S.Owner is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Discussion {Id} does not exist.");
        }

        return Task.FromResult(_conversation.Subscribe(relay));
    }

    public Task Unsubscribe(ILiveRelay relay)
    {
        _conversation.Unsubscribe(relay);
        return Task.CompletedTask;
    }

    // A member leaves: their copies of the epoch keys stay (they keep what they read); the next message starts an
    // epoch sealed to the members left. An owner who leaves hands the discussion to the longest-standing member.
    private async Task DropAsync(Guid member, Caller caller, string action)
    {
        S.Members.Remove(member);
        S.Muted.Remove(member);
        S.ReadUpTo.Remove(member);
        S.JoinedAfter.Remove(member);
        S.MembersVersion++;
        if (S.Owner == member)
        {
            S.Owner = S.Members.Count > 0 ? S.Members[0] : null;
        }

        if (S.Owner is null)
        {
            S.Keep = false; // nobody left to keep it for: its messages expire
        }

        await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, action), _logger);
        await GrainFactory.Grain<IDiscussionListGrain>(member).Remove(Id);
        PublishMembers(caller);
    }

    // Members' pages learn of a change of name or membership (a status event carries no content).
    private void PublishMembers(Caller caller) =>
        _conversation.Publish(new ConsultationEvent(
            Id, ConsultationEventKind.Status, S.LastSequence, caller.PractitionerId is { } by ? new PractitionerId(by) : null, _clock.GetUtcNow()));

    private async Task<Guid> RequireMember(Caller caller, string action)
    {
        if (S.Owner is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Discussion {Id} does not exist.");
        }

        var id = caller.PractitionerId;
        var standing = id is { } p && S.Members.Contains(p) ? await GrainFactory.Grain<IPractitionerGrain>(p).GetStanding() : null;
        if (standing is not { Status: AccountStatus.Active, IsOperator: false })
        {
            // Refusals are traced: the audit viewer lists them, and repeated ones are unusual.
            await _audit.RecordAsync(_clock, caller, AuditCategory.Access, "discussion.access", ObjectType, Id.ToString(), AuditOutcome.Refused);
            throw AccessRules.Forbidden(action);
        }

        return id!.Value;
    }

    private async Task RequireOwner(Caller caller, string action)
    {
        if (await RequireMember(caller, action) != S.Owner)
        {
            throw AccessRules.Forbidden(action + " (the owner only)");
        }
    }

    // Active care providers; a red-listed colleague (no card for others) only when already in contact with the caller
    // (they share a discussion, or the group the discussion is started with: inContact).
    private async Task RequireColleagues(IEnumerable<Guid> people, Caller caller, IReadOnlyCollection<Guid>? inContact = null)
    {
        var invited = people.ToList();
        var standings = await Task.WhenAll(invited.Select(p => GrainFactory.Grain<IPractitionerGrain>(p).GetStanding()));
        if (standings.Any(s => s is not { Status: AccountStatus.Active, IsOperator: false }))
        {
            throw DomainException.Invalid([new("people", "must be active colleagues (not the platform's operators)")]);
        }

        var cards = await Task.WhenAll(invited.Select(p => GrainFactory.Grain<IPractitionerGrain>(p).GetCard(caller)));
        var mine = GrainFactory.Grain<IDiscussionListGrain>(caller.PractitionerId!.Value);
        for (var i = 0; i < invited.Count; i++)
        {
            if (cards[i] is null && inContact?.Contains(invited[i]) != true && !await mine.SharesWith(invited[i]))
            {
                throw DomainException.Invalid([new("people", "must be colleagues listed in the directory, or already in contact with you")]);
            }
        }
    }

    // The history's keys for the members added: one sealed key per member for every epoch not yet expired, and nothing
    // else (the owner holds them all unless they joined late without the history; then they cannot give it).
    private List<HistorySeal> HistoryFor(List<Guid> added, IReadOnlyList<HistorySeal> history)
    {
        var live = S.Epochs.Where(e => e.ShreddedAt is null).Select(e => e.Epoch).ToHashSet();
        var complete = history.Count == live.Count * added.Count
            && history.All(h => live.Contains(h.Epoch) && added.Contains(h.Member) && KeyMaterialRules.IsSealedKey(h.SealedKey))
            && history.Select(h => (h.Epoch, h.Member)).Distinct().Count() == history.Count;
        return complete
            ? [.. history]
            : throw DomainException.Invalid([new("history", "must seal every earlier epoch's key to each member added, once")]);
    }

    // Those of people whose accounts are active (suspended or pending ones are not invited with their group).
    private async Task<List<Guid>> ActiveAsync(IEnumerable<Guid> people)
    {
        var ids = people.ToList();
        var standings = await Task.WhenAll(ids.Select(p => GrainFactory.Grain<IPractitionerGrain>(p).GetStanding()));
        return [.. ids.Where((_, i) => standings[i] is { Status: AccountStatus.Active, IsOperator: false })];
    }

    private static void RequireSealedToAll(EpochSeal seal, IEnumerable<Guid> members, string prefix)
    {
        if (members.Any(m => !seal.SealedToParticipants.ContainsKey(m)) || seal.SealedToParticipants.Keys.Any(k => !members.Contains(k)))
        {
            throw DomainException.Invalid([new(prefix + "sealedToParticipants", "must seal the epoch key to every member, and only to them")]);
        }
    }

    private static string? CheckName(string? name, bool required)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return required ? throw DomainException.Invalid([new("name", "is required")]) : null;
        }

        return trimmed.Length > DiscussionStart.MaxNameLength
            ? throw DomainException.Invalid([new("name", $"must be at most {DiscussionStart.MaxNameLength} characters")])
            : trimmed;
    }
}
