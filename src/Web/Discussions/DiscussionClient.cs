using Collab.Contracts.Access;
using Collab.Contracts.Conversations;
using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
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

    /// <summary>Starts a discussion with <paramref name="people"/>: a fresh epoch key sealed to each of them and to the caller.</summary>
    public async Task<Guid> StartAsync(IReadOnlyList<PractitionerId> people, string? name, Guid? discussionId = null)
    {
        EnsureSession();
        var id = discussionId ?? Guid.NewGuid();
        var key = EpochKeys.New();
        var seal = await SealAsync(key, people.Append(Me).Distinct(), group: null);
        await Grain(id).Start(new DiscussionStart(people, name, seal), Caller);
        Remember(id, 1, key);
        return id;
    }

    /// <summary>The caller's discussions, most recently joined first (any that refuses meanwhile left out).</summary>
    public async Task<IReadOnlyList<DiscussionView>> ListAsync()
    {
        EnsureSession();
        var ids = await Grains.GetGrain<IDiscussionListGrain>(Me.Value).List(Caller);
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

    public Task AddMembersAsync(Guid id, IReadOnlyList<PractitionerId> people) => Grain(id).AddMembers(people, Caller);

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

    private IDiscussionGrain Grain(Guid id) => Grains.GetGrain<IDiscussionGrain>(id);
}
