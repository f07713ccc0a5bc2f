using Collab.Contracts.Knowledge;

namespace Collab.Grains.Knowledge;

/// <summary>
/// The knowledge base's search index (port; ARCHITECTURE "Outside services"): PostgreSQL full-text search by default,
/// Elasticsearch in production. It holds only what <see cref="KnowledgeDocument"/> holds: anonymised text and
/// pseudonymised metadata. Both adapters pass one conformance suite.
/// </summary>
public interface IKnowledgeIndex
{
    /// <summary>Adds or replaces documents (by id), searchable when this returns.</summary>
    Task IndexAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Removes a document at once; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task<KnowledgeDocument?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Documents holding every word (French stemming, accents ignored) and every filter; facet counts over all matches.</summary>
    Task<KnowledgeResults> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default);

    /// <summary>Other documents most like <paramref name="id"/> (its words, its codes, its specialty), best first.</summary>
    Task<IReadOnlyList<KnowledgeDocument>> SimilarAsync(string id, int take, CancellationToken cancellationToken = default);
}
