using Collab.Contracts.Knowledge;
using Collab.Grains.Knowledge;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;

namespace Collab.Silo.Knowledge;

/// <summary>
/// <see cref="IKnowledgeIndex"/> on Elasticsearch through <c>Elastic.Clients.Elasticsearch</c>: an index template with
/// explicit mappings (text under the <c>french</c> analyser, keywords for the facets), bulk indexing, bool queries with
/// filters, terms aggregations for the facets, highlights, delete on withdrawal. Writes wait for the refresh, so a
/// document is searchable (or gone) when the call returns.
/// </summary>
public sealed class ElasticsearchKnowledgeIndex(ElasticsearchClient client, string index) : IKnowledgeIndex
{
    private const int FacetSize = 50;

    private static readonly IReadOnlyDictionary<string, string> FacetFields = new Dictionary<string, string>
    {
        [KnowledgeResults.SpecialtyFacet] = "specialty",
        [KnowledgeResults.ChapterFacet] = "icdChapters",
        [KnowledgeResults.AgeBandFacet] = "ageBand",
        [KnowledgeResults.SexFacet] = "sex",
        [KnowledgeResults.YearFacet] = "year",
    };

    private static readonly Field[] TextFields = ["question", "answer", "summary"];

    /// <summary>A client for <paramref name="url"/> (an API key, or a user and password, when given), with the adapter's defaults.</summary>
    public static ElasticsearchClient Client(Uri url, string? apiKey, (string User, string Password)? basic = null)
    {
        var settings = new ElasticsearchClientSettings(url).RequestTimeout(TimeSpan.FromSeconds(30)).EnableHttpCompression();
        if (!string.IsNullOrEmpty(apiKey))
        {
            settings.Authentication(new ApiKey(apiKey));
        }
        else if (basic is { } credentials)
        {
            settings.Authentication(new BasicAuthentication(credentials.User, credentials.Password));
        }

        return new ElasticsearchClient(settings);
    }

    /// <summary>Puts the index template (mappings and the French analyser) and creates the index when missing.</summary>
    public async Task ApplyTemplateAsync(CancellationToken cancellationToken = default)
    {
        var text = new TextProperty { Analyzer = "french" };
        var template = await client.Indices.PutIndexTemplateAsync(new PutIndexTemplateRequest(index + "-template")
        {
            IndexPatterns = new[] { index, index + "-*" },
            Template = new IndexTemplateMapping
            {
                Settings = new IndexSettings { NumberOfShards = 1 },
                Mappings = new TypeMapping
                {
                    Dynamic = DynamicMapping.Strict,
                    Properties = new Properties
                    {
                        { "id", new KeywordProperty() },
                        { "question", text },
                        { "answer", text },
                        { "summary", text },
                        { "specialty", new KeywordProperty() },
                        { "icdCodes", new KeywordProperty() },
                        { "icdChapters", new KeywordProperty() },
                        { "ageBand", new KeywordProperty() },
                        { "sex", new KeywordProperty() },
                        { "year", new KeywordProperty() },
                        { "author", new KeywordProperty() },
                        { "answerer", new KeywordProperty() },
                        { "source", new KeywordProperty() },
                        { "publishedAt", new DateProperty() },
                    },
                },
            },
        }, cancellationToken);
        Require(template, "put the index template");
        var exists = await client.Indices.ExistsAsync(index, cancellationToken);
        if (!exists.Exists)
        {
            var created = await client.Indices.CreateAsync(index, cancellationToken);
            if (!created.IsValidResponse && created.ElasticsearchServerError?.Error?.Type != "resource_already_exists_exception")
            {
                Require(created, "create the index");
            }
        }
    }

    public async Task IndexAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
        {
            return;
        }

        var request = new BulkRequest(index)
        {
            Refresh = Refresh.WaitFor,
            Operations = new BulkOperationsCollection(documents.Select(d => new BulkIndexOperation<IndexedDocument>(IndexedDocument.From(d)) { Id = d.Id })),
        };
        var response = await client.BulkAsync(request, cancellationToken);
        Require(response, "index documents");
        if (response.Errors)
        {
            var failed = response.ItemsWithErrors.Select(i => $"{i.Id}: {i.Error?.Type}").ToList();
            throw new KnowledgeIndexException($"Elasticsearch refused {failed.Count} of {documents.Count} documents ({string.Join(", ", failed.Take(5))}).");
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await client.DeleteAsync(new DeleteRequest(index, id) { Refresh = Refresh.WaitFor }, cancellationToken);
        if (response.ApiCallDetails.HttpStatusCode == 404)
        {
            return false;
        }

        Require(response, "delete a document");
        return response.Result == Result.Deleted;
    }

    public async Task<KnowledgeDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await client.GetAsync<IndexedDocument>(new GetRequest(index, id), cancellationToken);
        if (response.ApiCallDetails.HttpStatusCode == 404)
        {
            return null;
        }

        Require(response, "read a document");
        return response.Found && response.Source is { } source ? source.ToDocument() : null;
    }

    public async Task<KnowledgeResults> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default)
    {
        var filters = new List<Query>();
        AddTerm(filters, "specialty", query.Specialty);
        AddTerm(filters, "icdChapters", query.Chapter);
        AddTerm(filters, "ageBand", query.AgeBand?.ToString());
        AddTerm(filters, "sex", query.Sex?.ToString());
        AddTerm(filters, "year", query.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var words = string.IsNullOrWhiteSpace(query.Words) ? null : query.Words.Trim();
        var must = words is null
            ? new List<Query>()
            : [new MultiMatchQuery { Query = words, Fields = TextFields, Operator = Operator.And, Type = TextQueryType.CrossFields }];
        var request = new SearchRequest(index)
        {
            From = Math.Max(0, query.Skip),
            Size = Math.Clamp(query.Take, 1, KnowledgeQuery.MaxTake),
            TrackTotalHits = new TrackHits(true),
            Query = new BoolQuery { Must = must, Filter = filters },
            Sort = words is null
                ? [ByField("publishedAt", SortOrder.Desc), ByField("id", SortOrder.Asc)]
                : [new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } }, ByField("publishedAt", SortOrder.Desc)],
            Aggregations = FacetFields.ToDictionary(f => "by_" + f.Key, f => (Aggregation)new TermsAggregation { Field = f.Value, Size = FacetSize }),
            Highlight = words is null ? null : new Highlight
            {
                PreTags = [KnowledgeHit.MarkStart.ToString()],
                PostTags = [KnowledgeHit.MarkEnd.ToString()],
                Fields = new Dictionary<Field, HighlightField> { ["question"] = new(), ["answer"] = new() },
            },
        };
        var response = await client.SearchAsync<IndexedDocument>(request, cancellationToken);
        Require(response, "search");
        var hits = response.Hits.Select(h => new KnowledgeHit(
            h.Source!.ToDocument(),
            h.Highlight is { Count: > 0 } highlight ? string.Join(" … ", highlight.Values.SelectMany(v => v)) : null)).ToList();
        var facets = FacetFields.Keys.ToDictionary(
            name => name,
            name => (IReadOnlyList<FacetCount>)(response.Aggregations?.GetStringTerms("by_" + name)?.Buckets
                .Select(b => new FacetCount(b.Key.ToString(), b.DocCount)).ToList() ?? []));
        return new KnowledgeResults(response.Total, hits, facets);
    }

    public async Task<IReadOnlyList<KnowledgeDocument>> SimilarAsync(string id, int take, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } document)
        {
            return [];
        }

        var request = new SearchRequest(index)
        {
            Size = Math.Clamp(take, 1, KnowledgeQuery.MaxTake),
            Query = new BoolQuery
            {
                Should =
                [
                    new TermsQuery { Field = "icdCodes", Terms = new TermsQueryField(document.IcdCodes.Select(c => (FieldValue)c).ToArray()), Boost = 3 },
                    new TermQuery { Field = "specialty", Value = document.Specialty, Boost = 2 },
                    new MultiMatchQuery { Query = document.Summary + " " + document.Question, Fields = TextFields },
                ],
                MinimumShouldMatch = 1,
                MustNot = [new IdsQuery { Values = new Ids(id) }],
            },
        };
        var response = await client.SearchAsync<IndexedDocument>(request, cancellationToken);
        Require(response, "find similar cases");
        return response.Hits.Select(h => h.Source!.ToDocument()).ToList();
    }

    private static SortOptions ByField(string field, SortOrder order) => new() { Field = new FieldSort { Field = field, Order = order } };

    private static void AddTerm(List<Query> filters, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            filters.Add(new TermQuery { Field = field, Value = value });
        }
    }

    private static void Require(ElasticsearchResponse response, string what)
    {
        if (!response.IsValidResponse)
        {
            var status = response.ApiCallDetails.HttpStatusCode is { } code ? $"HTTP {code}" : "no answer";
            var reason = response.ElasticsearchServerError?.Error is { } error ? $"{error.Type}: {error.Reason}" : response.ApiCallDetails.OriginalException?.Message;
            throw new KnowledgeIndexException($"Elasticsearch could not {what} ({status}{(reason is null ? "" : ", " + reason)}).");
        }
    }

    /// <summary>The document as Elasticsearch stores it (strings for the keyword facets).</summary>
    public sealed record IndexedDocument(
        string Id, string Question, string Answer, string Summary, string Specialty, string[] IcdCodes, string[] IcdChapters,
        string AgeBand, string Sex, string Year, string Author, string Answerer, string Source, DateTimeOffset PublishedAt)
    {
        public static IndexedDocument From(KnowledgeDocument d) => new(
            d.Id, d.Question, d.Answer, d.Summary, d.Specialty, [.. d.IcdCodes], [.. d.IcdChapters], d.AgeBand.ToString(), d.Sex.ToString(),
            d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Author, d.Answerer, d.Source, d.PublishedAt);

        public KnowledgeDocument ToDocument() => new(
            Id, Question, Answer, Summary, Specialty, IcdCodes, IcdChapters, Enum.Parse<AgeBand>(AgeBand), Enum.Parse<CaseSex>(Sex),
            int.Parse(Year, System.Globalization.CultureInfo.InvariantCulture), Author, Answerer, Source, PublishedAt);
    }
}

/// <summary>The knowledge index refused or could not be reached (its message names no document content).</summary>
public sealed class KnowledgeIndexException(string message) : Exception(message);
