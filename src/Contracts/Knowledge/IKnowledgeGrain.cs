using Collab.Contracts.Access;

namespace Collab.Contracts.Knowledge;

/// <summary>
/// The knowledge base as validated practitioners search it: anonymised published cases only, each search and each
/// opened case traced. A stateless front to the knowledge index.
/// </summary>
public interface IKnowledgeGrain : IGrainWithIntegerKey
{
    /// <summary>Published cases matching the words and filters, with facet counts (a traced access).</summary>
    Task<KnowledgeResults> Search(KnowledgeQuery query, Caller caller);

    /// <summary>A published case, and the cases most like it.</summary>
    Task<(KnowledgeDocument? Document, IReadOnlyList<KnowledgeDocument> Similar)> Open(string id, Caller caller);
}
