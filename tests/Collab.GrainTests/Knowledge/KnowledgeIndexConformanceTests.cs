using System.Net;
using System.Text.Json.Nodes;
using Collab.Contracts.Knowledge;
using Collab.Grains.Knowledge;
using Collab.Silo.Knowledge;
using Collab.Testing;
using Collab.Testing.Knowledge;

namespace Collab.GrainTests.Knowledge;

/// <summary>
/// One conformance suite for every <see cref="IKnowledgeIndex"/> adapter: PostgreSQL full-text search, and
/// Elasticsearch — on the loopback server that speaks its REST API, or on a real cluster when
/// COLLAB_TEST_KNOWLEDGE_ELASTICSEARCH_URL is set.
/// </summary>
public abstract class KnowledgeIndexConformance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected IKnowledgeIndex Index { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected static KnowledgeDocument Case(string id, string question, string answer, string specialty, string[] codes, AgeBand age = AgeBand.Adult, CaseSex sex = CaseSex.Female, int year = 2026, int day = 0) =>
        new(id, question, answer, "Synthèse : " + question, specialty, codes, codes.Select(c => Icd10.ChapterOf(c)!).Distinct().ToList(), age, sex, year,
            "author-" + id, "answerer-" + id, "source-" + id, Start.AddDays(day));

    protected static readonly KnowledgeDocument[] Cases =
    [
        Case("k1", "Palpitations à l'effort chez une patiente sportive", "Un Holter ECG de 24 heures puis une épreuve d'effort.", "Cardiologie", ["R00.2"], day: 1),
        Case("k2", "Fibrillation auriculaire découverte sur un ECG systématique", "Anticoagulation selon le score CHA2DS2-VASc.", "Cardiologie", ["I48"], AgeBand.Senior, CaseSex.Male, day: 2),
        Case("k3", "Syncope et palpitation au repos", "Échographie cardiaque et Holter.", "Cardiologie", ["R55", "R00.2"], AgeBand.YoungAdult, day: 3),
        Case("k4", "Plaques érythémato-squameuses des coudes", "Psoriasis en plaques : dermocorticoïdes.", "Dermatologie", ["L40"], AgeBand.Adult, CaseSex.Male, 2025, day: 4),
        Case("k5", "Eczéma du nourrisson résistant aux émollients", "Dermatite atopique : corticoïdes locaux.", "Dermatologie", ["L20"], AgeBand.Infant, CaseSex.Unspecified, day: 5),
        Case("k6", "Lombalgie basse après un effort de port de charge", "Repos relatif, antalgiques, kinésithérapie.", "Rhumatologie", ["M54.5"], AgeBand.Adult, CaseSex.Female, 2025, day: 6),
    ];

    private async Task IndexAllAsync() => await Index.IndexAsync(Cases);

    [Fact]
    public async Task Words_find_cases_ignoring_case_accents_and_plurals_and_every_word_must_be_there()
    {
        await IndexAllAsync();
        var palpitations = await Index.SearchAsync(new KnowledgeQuery("PALPITATION"));
        Assert.Equal(["k1", "k3"], palpitations.Hits.Select(h => h.Document.Id).Order());
        Assert.Equal(2, palpitations.Total);
        var accents = await Index.SearchAsync(new KnowledgeQuery("eczema EMOLLIENT"));
        Assert.Equal(["k5"], accents.Hits.Select(h => h.Document.Id));
        var both = await Index.SearchAsync(new KnowledgeQuery("palpitations syncope"));
        Assert.Equal(["k3"], both.Hits.Select(h => h.Document.Id));
        Assert.Empty((await Index.SearchAsync(new KnowledgeQuery("palpitations psoriasis"))).Hits);
    }

    [Fact]
    public async Task Filters_narrow_the_results_and_facets_count_every_match()
    {
        await IndexAllAsync();
        var all = await Index.SearchAsync(new KnowledgeQuery());
        Assert.Equal(6, all.Total);
        Assert.Equal(Count("Cardiologie", 3), all.Facets[KnowledgeResults.SpecialtyFacet].Single(f => f.Value == "Cardiologie"));
        Assert.Equal(Count("Dermatologie", 2), all.Facets[KnowledgeResults.SpecialtyFacet].Single(f => f.Value == "Dermatologie"));
        Assert.Equal(Count("XVIII", 2), all.Facets[KnowledgeResults.ChapterFacet].Single(f => f.Value == "XVIII"));
        Assert.Equal(Count("2025", 2), all.Facets[KnowledgeResults.YearFacet].Single(f => f.Value == "2025"));
        Assert.Equal(Count("Adult", 3), all.Facets[KnowledgeResults.AgeBandFacet].Single(f => f.Value == "Adult"));

        var cardiologyWomen = await Index.SearchAsync(new KnowledgeQuery(Specialty: "Cardiologie", Sex: CaseSex.Female));
        Assert.Equal(["k1", "k3"], cardiologyWomen.Hits.Select(h => h.Document.Id).Order());
        Assert.Equal([Count("Cardiologie", 2)], cardiologyWomen.Facets[KnowledgeResults.SpecialtyFacet]);

        var chapterAndYear = await Index.SearchAsync(new KnowledgeQuery("effort", Chapter: "XIII", Year: 2025));
        Assert.Equal(["k6"], chapterAndYear.Hits.Select(h => h.Document.Id));
        var infants = await Index.SearchAsync(new KnowledgeQuery(AgeBand: AgeBand.Infant));
        Assert.Equal(["k5"], infants.Hits.Select(h => h.Document.Id));
    }

    [Fact]
    public async Task Matches_are_marked_in_the_extract_and_pages_hold_what_they_should()
    {
        await IndexAllAsync();
        var found = await Index.SearchAsync(new KnowledgeQuery("holter"));
        Assert.All(found.Hits, h => Assert.Contains($"{KnowledgeHit.MarkStart}Holter{KnowledgeHit.MarkEnd}", h.Extract));

        var first = await Index.SearchAsync(new KnowledgeQuery(Take: 4));
        var second = await Index.SearchAsync(new KnowledgeQuery(Skip: 4, Take: 4));
        Assert.Equal(6, first.Total);
        Assert.Equal(4, first.Hits.Count);
        Assert.Equal(2, second.Hits.Count);
        Assert.Equal(Cases.Select(c => c.Id).Order(), first.Hits.Concat(second.Hits).Select(h => h.Document.Id).Order());
        // Without words, newest first.
        Assert.Equal("k6", first.Hits[0].Document.Id);
    }

    [Fact]
    public async Task A_document_indexed_again_is_replaced_and_a_deleted_one_is_gone_at_once()
    {
        await IndexAllAsync();
        var changed = Cases[0] with { Answer = "Un enregistreur implantable si le Holter est normal." };
        await Index.IndexAsync([changed]);
        Assert.Equivalent(changed, await Index.GetAsync("k1"), strict: true);
        Assert.Equal(6, (await Index.SearchAsync(new KnowledgeQuery())).Total);
        Assert.Equal(["k1"], (await Index.SearchAsync(new KnowledgeQuery("implantable"))).Hits.Select(h => h.Document.Id));

        Assert.True(await Index.DeleteAsync("k1"));
        Assert.Null(await Index.GetAsync("k1"));
        Assert.Empty((await Index.SearchAsync(new KnowledgeQuery("implantable"))).Hits);
        Assert.False(await Index.DeleteAsync("k1"));
        Assert.Null(await Index.GetAsync("unknown"));
    }

    [Fact]
    public async Task Similar_cases_share_codes_first_then_the_specialty_and_never_include_the_case_itself()
    {
        await IndexAllAsync();
        var similar = await Index.SimilarAsync("k1", 3);
        Assert.DoesNotContain(similar, d => d.Id == "k1");
        Assert.Equal("k3", similar[0].Id); // shares R00.2
        Assert.Contains(similar, d => d.Id == "k2"); // same specialty
        Assert.Empty(await Index.SimilarAsync("unknown", 3));
    }

    private static FacetCount Count(string value, long count) => new(value, count);
}

/// <summary>The suite on PostgreSQL full-text search (a fresh database).</summary>
public sealed class PostgresKnowledgeIndexTests : KnowledgeIndexConformance
{
    private TestDatabase _database = null!;

    public override async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Index = new PostgresKnowledgeIndex(_database.DataSource);
    }

    public override async Task DisposeAsync() => await _database.DisposeAsync();
}

/// <summary>The suite on Elasticsearch: a real cluster when configured, the loopback server otherwise.</summary>
public sealed class ElasticsearchKnowledgeIndexTests : KnowledgeIndexConformance
{
    public const string UrlVariable = "COLLAB_TEST_KNOWLEDGE_ELASTICSEARCH_URL";

    private LoopbackElasticsearch? _loopback;

    public override async Task InitializeAsync()
    {
        var real = Environment.GetEnvironmentVariable(UrlVariable);
        Uri url;
        if (string.IsNullOrEmpty(real))
        {
            _loopback = await LoopbackElasticsearch.StartAsync();
            url = _loopback.Url;
        }
        else
        {
            url = new Uri(real);
        }

        var index = new ElasticsearchKnowledgeIndex(
            ElasticsearchKnowledgeIndex.Client(url, Environment.GetEnvironmentVariable("COLLAB_TEST_KNOWLEDGE_ELASTICSEARCH_APIKEY")),
            "collab-test-" + Guid.NewGuid().ToString("N")[..12]);
        await index.ApplyTemplateAsync();
        Index = index;
    }

    public override async Task DisposeAsync()
    {
        if (_loopback is not null)
        {
            await _loopback.DisposeAsync();
        }
    }
}

/// <summary>What the Elasticsearch adapter sends and how it takes errors (on the loopback server).</summary>
public sealed class ElasticsearchAdapterTests : IAsyncLifetime
{
    private LoopbackElasticsearch _server = null!;
    private ElasticsearchKnowledgeIndex _index = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackElasticsearch.StartAsync();
        _index = new ElasticsearchKnowledgeIndex(ElasticsearchKnowledgeIndex.Client(_server.Url, "a2V5OnNlY3JldA=="), "collab-knowledge");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_template_maps_text_with_the_french_analyser_and_facets_as_keywords_and_the_index_is_created()
    {
        await _index.ApplyTemplateAsync();
        var template = _server.Templates["collab-knowledge-template"];
        Assert.Equal("collab-knowledge", template["index_patterns"]![0]!.GetValue<string>());
        var properties = template["template"]!["mappings"]!["properties"]!;
        Assert.Equal("french", properties["question"]!["analyzer"]!.GetValue<string>());
        Assert.Equal("french", properties["answer"]!["analyzer"]!.GetValue<string>());
        foreach (var facet in new[] { "specialty", "icdChapters", "ageBand", "sex", "year", "author", "answerer", "source" })
        {
            Assert.Equal("keyword", properties[facet]!["type"]!.GetValue<string>());
        }

        Assert.Equal("strict", template["template"]!["mappings"]!["dynamic"]!.GetValue<string>());
        Assert.Contains(_server.Received, r => r is ("PUT", "/collab-knowledge", _));
        await _index.ApplyTemplateAsync(); // the second start finds the index: no second creation
        Assert.Single(_server.Received, r => r is ("PUT", "/collab-knowledge", _));
    }

    [Fact]
    public async Task Documents_go_in_one_bulk_request_and_searches_ask_for_filters_aggregations_and_highlights()
    {
        await _index.ApplyTemplateAsync();
        var documents = new[] { Doc("a", "Palpitations"), Doc("b", "Syncope") };
        await _index.IndexAsync(documents);
        var bulk = Assert.Single(_server.Received, r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal(4, bulk.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var results = await _index.SearchAsync(new KnowledgeQuery("palpitations", Specialty: "Cardiologie", Year: 2026));
        Assert.Equal(["a"], results.Hits.Select(h => h.Document.Id));
        Assert.Equal([new FacetCount("Cardiologie", 1)], results.Facets[KnowledgeResults.SpecialtyFacet]);
        var search = JsonNode.Parse(_server.Received.Last(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Body)!;
        var must = search["query"]!["bool"]!["must"]!;
        Assert.Equal("and", (must is JsonArray clauses ? clauses[0]! : must)["multi_match"]!["operator"]!.GetValue<string>());
        Assert.Equal(2, search["query"]!["bool"]!["filter"]!.AsArray().Count);
        Assert.Equal("specialty", search["aggregations"]!["by_specialty"]!["terms"]!["field"]!.GetValue<string>());
        Assert.NotNull(search["highlight"]);
    }

    [Fact]
    public async Task An_error_answer_becomes_a_clear_exception_naming_the_status_and_no_content()
    {
        await _index.ApplyTemplateAsync();
        _server.FailWith = HttpStatusCode.ServiceUnavailable;
        var error = await Assert.ThrowsAsync<KnowledgeIndexException>(() => _index.IndexAsync([Doc("c", "Palpitations canary-KB-0042")]));
        Assert.Contains("HTTP 503", error.Message);
        Assert.Contains("cluster_block_exception", error.Message);
        Assert.DoesNotContain("canary", error.Message);
        await Assert.ThrowsAsync<KnowledgeIndexException>(() => _index.SearchAsync(new KnowledgeQuery("x")));
    }

    private static KnowledgeDocument Doc(string id, string question) =>
        new(id, question, "Réponse", "Synthèse", "Cardiologie", ["R00.2"], ["XVIII"], AgeBand.Adult, CaseSex.Female, 2026, "p1", "p2", "s1", DateTimeOffset.UnixEpoch);
}
