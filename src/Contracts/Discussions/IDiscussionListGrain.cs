using Collab.Contracts.Access;

namespace Collab.Contracts.Discussions;

/// <summary>The discussions a practitioner belongs to (ids only), keyed by practitioner id; kept by the discussions themselves.</summary>
public interface IDiscussionListGrain : IGrainWithGuidKey
{
    /// <summary>The ids, most recently joined first. The practitioner only.</summary>
    Task<IReadOnlyList<Guid>> List(Caller caller);

    /// <summary>Called by a discussion the practitioner joined (system).</summary>
    Task Add(Guid discussion);

    /// <summary>Called by a discussion the practitioner left or was removed from (system).</summary>
    Task Remove(Guid discussion);
}
