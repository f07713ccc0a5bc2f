using Collab.Contracts.Access;

namespace Collab.Contracts.Knowledge;

/// <summary>
/// The anonymous cases of one practitioner (those they asked) or of one network (those asked of it), keyed by the
/// practitioner's or the group's id. Read by that practitioner, or by the network's confirmed members.
/// </summary>
public interface IKnowledgeCaseListGrain : IGrainWithGuidKey
{
    /// <summary>Notes a case (system: the case grain).</summary>
    Task Add(Guid caseId);

    /// <summary>The cases, newest first.</summary>
    Task<IReadOnlyList<Guid>> List(Caller caller);
}
