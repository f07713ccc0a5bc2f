using Collab.Contracts.Access;

namespace Collab.Contracts.Calls;

/// <summary>
/// The video or voice call of one conversation (a consultation's, or a discussion's), keyed by the conversation's id.
/// Only the conversation's members join, signal and see it — the conversation grain decides, on every join and again
/// every few seconds while the call lasts: a member removed meanwhile is put out of the call. Joining, leaving and the
/// call's end are traced (who, when, how long); nothing of the media is seen or recorded.
/// </summary>
public interface ICallGrain : IGrainWithGuidKey
{
    /// <summary>Joins (or starts) the call: the others are told, and the conversation's viewers see it ring.</summary>
    Task<CallJoined> Join(bool discussion, CallMedia media, ICallObserver observer, Caller caller);

    /// <summary>Passes <paramref name="payload"/> (at most 64 KB) to another participant of the call.</summary>
    Task Signal(Guid from, Guid to, string payload, Caller caller);

    /// <summary>Leaves the call; the last one out ends it.</summary>
    Task Leave(Guid peer, Caller caller);

    /// <summary>The call in progress and the ended ones (members only).</summary>
    Task<CallView> Get(bool discussion, Caller caller);
}
