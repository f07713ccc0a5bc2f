using Collab.Contracts.Access;
using Collab.Contracts.Conversations;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Discussions;

/// <summary>
/// A discussion between colleagues, one to one or in a group (SPEC "Discussions and messaging"): the same
/// conversation mechanism as a consultation's discussion (<see cref="IConversationGrain"/>), with its own members.
/// Its owner (who started it) adds and removes members; any member renames it, mutes it for themselves or leaves.
/// After a member joins or leaves, the next message starts an epoch sealed to the members of that moment, so a
/// removed member reads nothing new and a new member reads from their arrival on.
/// </summary>
public interface IDiscussionGrain : IConversationGrain
{
    /// <summary>Starts the discussion: the caller owns it; the first epoch is sealed to every member, the caller included.</summary>
    Task Start(DiscussionStart start, Caller caller);

    /// <summary>Name, members, owner and the caller's own reading state. Members only.</summary>
    Task<DiscussionView> Get(Caller caller);

    /// <summary>
    /// Adds colleagues (the owner). They read what is written from now on; with <paramref name="history"/> (every live
    /// earlier epoch's key sealed to each of them by the owner) they read the history too.
    /// </summary>
    Task AddMembers(IReadOnlyList<PractitionerId> people, Caller caller, IReadOnlyList<HistorySeal>? history = null);

    /// <summary>Removes a member (the owner): they keep what they read, and read nothing new.</summary>
    Task RemoveMember(PractitionerId member, Caller caller);

    /// <summary>The caller leaves (an owner who leaves hands the discussion to the longest-standing member).</summary>
    Task Leave(Caller caller);

    /// <summary>Renames the discussion (any member; 1 to <see cref="DiscussionStart.MaxNameLength"/> characters).</summary>
    Task Rename(string name, Caller caller);

    /// <summary>Mutes (or unmutes) the discussion for the caller: no notification but mentions, still in the list.</summary>
    Task Mute(bool muted, Caller caller);

    /// <summary>
    /// Keeps the discussion past 30 days, or lets its messages expire again (the owner; Invalid when a member's
    /// structure forbids keeping). Messages expire 30 days after the day they were sent unless it is kept (ADR 0011).
    /// </summary>
    Task SetKeep(bool keep, Caller caller);

    /// <summary>
    /// Tells <paramref name="people"/> (members) that the caller's message at <paramref name="sequence"/> mentions them:
    /// they are notified even when they muted the discussion. The server cannot read the message: the sender's page says
    /// whom it mentions.
    /// </summary>
    Task Mention(IReadOnlyList<PractitionerId> people, long sequence, Caller caller);
}
