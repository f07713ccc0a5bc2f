using Collab.Contracts.Access;

namespace Collab.Contracts.Discussions;

/// <summary>The discussions a practitioner belongs to (ids only), keyed by practitioner id; kept by the discussions themselves.</summary>
public interface IDiscussionListGrain : IGrainWithGuidKey
{
    /// <summary>The ids, most recently joined first. The practitioner only.</summary>
    Task<IReadOnlyList<Guid>> List(Caller caller);

    /// <summary>Whether the practitioner shares a discussion with <paramref name="other"/> (system: the red-list rule).</summary>
    Task<bool> SharesWith(Guid other);

    /// <summary>The ids, for another list comparing (system).</summary>
    Task<IReadOnlyList<Guid>> Ids();

    /// <summary>Called by a discussion the practitioner joined (system).</summary>
    Task Add(Guid discussion);

    /// <summary>Called by a discussion the practitioner left or was removed from (system).</summary>
    Task Remove(Guid discussion);
}
