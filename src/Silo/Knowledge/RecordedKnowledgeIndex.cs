using Collab.Contracts.Knowledge;
using Collab.Grains.Knowledge;

namespace Collab.Silo.Knowledge;

/// <summary>
/// With Elasticsearch configured: every publication and withdrawal is kept in PostgreSQL (the record a re-index reads)
/// and sent to Elasticsearch, which answers the searches.
/// </summary>
public sealed class RecordedKnowledgeIndex(PostgresKnowledgeIndex record, ElasticsearchKnowledgeIndex search) : IKnowledgeIndex
{
    public async Task IndexAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken cancellationToken = default)
    {
        await record.IndexAsync(documents, cancellationToken);
        await search.IndexAsync(documents, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var recorded = await record.DeleteAsync(id, cancellationToken);
        return await search.DeleteAsync(id, cancellationToken) || recorded;
    }

    public Task<KnowledgeDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => search.GetAsync(id, cancellationToken);

    public Task<KnowledgeResults> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default) => search.SearchAsync(query, cancellationToken);

    public Task<IReadOnlyList<KnowledgeDocument>> SimilarAsync(string id, int take, CancellationToken cancellationToken = default) => search.SimilarAsync(id, take, cancellationToken);

    /// <summary>Sends every recorded document to Elasticsearch again, in bulk pages (<c>./collab knowledge reindex</c>); returns how many.</summary>
    public static async Task<long> ReindexAsync(PostgresKnowledgeIndex record, ElasticsearchKnowledgeIndex search, CancellationToken cancellationToken = default)
    {
        await search.ApplyTemplateAsync(cancellationToken);
        var page = new List<KnowledgeDocument>(500);
        long count = 0;
        await foreach (var document in record.AllAsync(cancellationToken))
        {
            page.Add(document);
            if (page.Count == 500)
            {
                await search.IndexAsync(page, cancellationToken);
                count += page.Count;
                page.Clear();
            }
        }

        await search.IndexAsync(page, cancellationToken);
        return count + page.Count;
    }
}
