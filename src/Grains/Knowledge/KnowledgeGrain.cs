using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Knowledge;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Orleans.Concurrency;

namespace Collab.Grains.Knowledge;

/// <summary>The knowledge base's search for validated care providers (<see cref="IKnowledgeGrain"/>): checks, traces, asks the index.</summary>
[StatelessWorker]
public sealed class KnowledgeGrain(IKnowledgeIndex index, IAuditTrail audit, TimeProvider clock) : Grain, IKnowledgeGrain
{
    public const int SimilarCount = 5;

    public async Task<KnowledgeResults> Search(KnowledgeQuery query, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "search the knowledge base");
        if (query.Words is { Length: > KnowledgeQuery.MaxWordsLength } || query.Skip < 0 || query.Take is < 1 or > KnowledgeQuery.MaxTake)
        {
            throw DomainException.Invalid([new("query", $"words at most {KnowledgeQuery.MaxWordsLength} characters, skip from 0, take 1 to {KnowledgeQuery.MaxTake}")]);
        }

        var results = await index.SearchAsync(query);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "knowledge.search", "knowledge", "index");
        return results;
    }

    public async Task<(KnowledgeDocument? Document, IReadOnlyList<KnowledgeDocument> Similar)> Open(string id, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "read the knowledge base");
        var document = await index.GetAsync(id);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "knowledge.read", "knowledge", id);
        return document is null ? (null, []) : (document, await index.SimilarAsync(id, SimilarCount));
    }
}
