using Collab.Contracts.Access;
using Collab.Contracts.Conversations;
using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Web.Conversations;

namespace Collab.Web.Discussions;

/// <summary>
/// A practitioner's side of the crypto boundary for discussions between colleagues: the conversation itself is
/// <see cref="ConversationClient"/>'s (the same as a consultation's); this adds starting one, its members and name.
/// </summary>
public sealed class DiscussionClient(IGrainFactory grains, PractitionerId me, Func<UserKeyPair> unlock, Caller caller, Func<bool>? sessionAlive = null)
    : ConversationClient(grains, me, unlock, caller, sessionAlive)
{
    public override IConversationGrain Conversation(Guid id) => Grain(id);

    /// <summary>
    /// Starts a discussion with <paramref name="people"/>, and with every confirmed member of <paramref name="group"/>
    /// when given (the caller's own group or service): a fresh epoch key sealed to each of them and to the caller.
    /// </summary>
    public async Task<Guid> StartAsync(IReadOnlyList<PractitionerId> people, string? name, Guid? discussionId = null, Guid? group = null)
    {
        EnsureSession();
        var id = discussionId ?? Guid.NewGuid();
        if (group is { } g)
        {
            // Its active confirmed members (a suspended one is not invited).
            var members = await Grains.Grain<IGroupGrain>(g).GetConfirmedMembers();
            var standings = await Task.WhenAll(members.Select(m => Grains.Grain<IPractitionerGrain>(m.Value).GetStanding()));
            people = [.. people.Concat(members.Where((_, i) => standings[i].Status == AccountStatus.Active)).Where(p => p != Me).Distinct()];
        }

        var key = EpochKeys.New();
        var seal = await SealAsync(key, people.Append(Me).Distinct(), group: null);
        await Grain(id).Start(new DiscussionStart(people, name, seal, group), Caller);
        Remember(id, 1, key);
        return id;
    }

    /// <summary>The groups the caller is a confirmed member of (a discussion can take one whole), by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> GroupsAsync()
    {
        var mine = new List<(Guid, string)>();
        foreach (var id in await Grains.Grain<IPractitionerGrain>(Me.Value).GetGroups(Caller))
        {
            var group = Grains.Grain<IGroupGrain>(id);
            if (await group.IsConfirmedMember(Me))
            {
                mine.Add((id, (await group.GetInfo()).Name));
            }
        }

        return mine;
    }

    /// <summary>The caller's discussions, most recently joined first (any that refuses meanwhile left out).</summary>
    public async Task<IReadOnlyList<DiscussionView>> ListAsync()
    {
        EnsureSession();
        var ids = await Grains.Grain<IDiscussionListGrain>(Me.Value).List(Caller);
        var views = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return await Grain(id).Get(Caller);
            }
            catch (DomainException)
            {
                return null; // left or removed while the list was read
            }
        }));
        return views.OfType<DiscussionView>().ToList();
    }

    public Task<DiscussionView> GetAsync(Guid id) => Grain(id).Get(Caller);

    /// <summary>
    /// The messages of all the caller's discussions holding every word of <paramref name="query"/>, newest first: each
    /// discussion read and decrypted here, in the session, all at once (the server holds nothing it could search).
    /// </summary>
    public async Task<IReadOnlyList<(DiscussionView Discussion, Consultations.OpenItem Item)>> SearchAllAsync(string query, IReadOnlyList<DiscussionView>? discussions = null)
    {
        discussions ??= await ListAsync();
        var found = await Task.WhenAll(discussions.Select(async d => (await SearchAsync(d.Id, query)).Select(item => (d, item))));
        return [.. found.SelectMany(h => h).OrderByDescending(h => h.item.PostedAt)];
    }

    /// <summary>
    /// Adds colleagues (the owner); with <paramref name="withHistory"/>, every earlier epoch's key still alive is opened
    /// here and sealed to each of them, so they read what was written before.
    /// </summary>
    public async Task AddMembersAsync(Guid id, IReadOnlyList<PractitionerId> people, bool withHistory = false)
    {
        EnsureSession();
        List<HistorySeal>? history = null;
        if (withHistory)
        {
            history = [];
            foreach (var seal in await Grain(id).GetEpochSeals(Caller))
            {
                if (seal.SealedToReader is null)
                {
                    continue; // expired (or never given to the owner: the grain says so)
                }

                var sealedTo = await SealAsync(await EpochKeyAsync(id, seal.Epoch), people, group: null);
                history.AddRange(sealedTo.SealedToParticipants.Select(p => new HistorySeal(seal.Epoch, p.Key, p.Value)));
            }
        }

        await Grain(id).AddMembers(people, Caller, history);
    }

    public Task RemoveMemberAsync(Guid id, PractitionerId member) => Grain(id).RemoveMember(member, Caller);

    public Task LeaveAsync(Guid id) => Grain(id).Leave(Caller);

    public Task RenameAsync(Guid id, string name) => Grain(id).Rename(name, Caller);

    public Task MuteAsync(Guid id, bool muted) => Grain(id).Mute(muted, Caller);

    public Task KeepAsync(Guid id, bool keep) => Grain(id).SetKeep(keep, Caller);

    /// <summary>Tells the members <paramref name="text"/> mentions (among <paramref name="members"/>, by name) about the message at <paramref name="sequence"/>.</summary>
    public Task MentionAsync(Guid id, long sequence, string? text, IReadOnlyDictionary<PractitionerId, string> members)
    {
        var mentioned = Mentions.In(text, members.Where(m => m.Key != Me).ToDictionary());
        return mentioned.Count == 0 ? Task.CompletedTask : Grain(id).Mention(mentioned, sequence, Caller);
    }

    private IDiscussionGrain Grain(Guid id) => Grains.Grain<IDiscussionGrain>(id);
}
