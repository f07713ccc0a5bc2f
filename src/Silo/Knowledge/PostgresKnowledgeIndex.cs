using System.Text.Json;
using Collab.Contracts.Knowledge;
using Collab.Grains.Knowledge;
using Npgsql;
using NpgsqlTypes;

namespace Collab.Silo.Knowledge;

/// <summary>
/// <see cref="IKnowledgeIndex"/> on PostgreSQL full-text search (<c>knowledge_document</c>, migration 0015): the
/// <c>collab_french</c> configuration (French stemming after unaccent), words weighted question and summary first,
/// facet counts by GROUP BY over the matches. The embedded default, shared by every silo.
/// </summary>
public sealed class PostgresKnowledgeIndex(NpgsqlDataSource dataSource) : IKnowledgeIndex
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string Headline =
        $"StartSel={KnowledgeHit.MarkStart}, StopSel={KnowledgeHit.MarkEnd}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

    // Where each facet's values come from among the matches (m), by facet name.
    private static readonly IReadOnlyDictionary<string, string> FacetSources = new Dictionary<string, string>
    {
        [KnowledgeResults.SpecialtyFacet] = "SELECT specialty AS value FROM m",
        [KnowledgeResults.ChapterFacet] = "SELECT unnest(icd_chapters) AS value FROM m",
        [KnowledgeResults.AgeBandFacet] = "SELECT age_band AS value FROM m",
        [KnowledgeResults.SexFacet] = "SELECT sex AS value FROM m",
        [KnowledgeResults.YearFacet] = "SELECT year::text AS value FROM m",
    };

    public async Task IndexAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var document in documents)
        {
            var command = new NpgsqlBatchCommand(
                """
                INSERT INTO knowledge_document (id, document, specialty, icd_codes, icd_chapters, age_band, sex, year, published_at, search)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                        setweight(to_tsvector('collab_french', $10), 'A') || setweight(to_tsvector('collab_french', $11), 'A')
                        || setweight(to_tsvector('collab_french', $12), 'B') || setweight(to_tsvector('collab_french', $13), 'C'))
                ON CONFLICT (id) DO UPDATE SET document = excluded.document, specialty = excluded.specialty, icd_codes = excluded.icd_codes,
                  icd_chapters = excluded.icd_chapters, age_band = excluded.age_band, sex = excluded.sex, year = excluded.year,
                  published_at = excluded.published_at, search = excluded.search
                """);
            command.Parameters.AddWithValue(document.Id);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(document, Json) });
            command.Parameters.AddWithValue(document.Specialty);
            command.Parameters.AddWithValue(document.IcdCodes.ToArray());
            command.Parameters.AddWithValue(document.IcdChapters.ToArray());
            command.Parameters.AddWithValue(document.AgeBand.ToString());
            command.Parameters.AddWithValue(document.Sex.ToString());
            command.Parameters.AddWithValue(document.Year);
            command.Parameters.AddWithValue(document.PublishedAt);
            command.Parameters.AddWithValue(document.Question);
            command.Parameters.AddWithValue(document.Summary);
            command.Parameters.AddWithValue(document.Answer);
            command.Parameters.AddWithValue(string.Join(' ', document.IcdCodes.Select(Icd10.Label)));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM knowledge_document WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<KnowledgeDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT document::text FROM knowledge_document WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? Read(json) : null;
    }

    /// <summary>Every published document, oldest first, in pages (what a re-index of another adapter reads).</summary>
    public async IAsyncEnumerable<KnowledgeDocument> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT document::text FROM knowledge_document ORDER BY published_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader.GetString(0));
        }
    }

    public async Task<KnowledgeResults> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default)
    {
        // One statement, one pass over the matches: they are gathered once (with their rank), then counted, counted
        // per facet value, and the page's 20 read in full with their extracts.
        var (where, parameters) = Where(query);
        var words = parameters[0].Value is string;
        var facets = string.Join(",\n", FacetSources.Select(f =>
            $"'{f.Key}', (SELECT coalesce(json_agg(json_build_array(value, n)), '[]') FROM (SELECT value, count(*) AS n FROM ({f.Value}) v GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) c)"));
        await using var command = dataSource.CreateCommand(
            $"""
            WITH q AS (SELECT websearch_to_tsquery('collab_french', coalesce($1, '')) AS query),
            m AS MATERIALIZED (
              SELECT id, specialty, icd_chapters, age_band, sex, year, published_at, {(words ? "ts_rank(search, q.query)" : "0::real")} AS rank
              FROM knowledge_document, q WHERE {where}),
            page AS (SELECT id, rank, published_at FROM m ORDER BY rank DESC, published_at DESC, id OFFSET $8 LIMIT $9)
            SELECT (SELECT count(*) FROM m),
                   json_build_object({facets})::text,
                   (SELECT coalesce(json_agg(json_build_array(d.document, {(words ? "ts_headline('collab_french', d.document->>'question' || ' ' || (d.document->>'answer'), q.query, $7)" : "NULL")})
                                             ORDER BY page.rank DESC, page.published_at DESC, page.id), '[]')
                    FROM page JOIN knowledge_document d USING (id), q)::text
            """);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        command.Parameters.Add(new NpgsqlParameter { Value = Headline });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(0, query.Skip) });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(query.Take, 1, KnowledgeQuery.MaxTake) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        var counts = new Dictionary<string, IReadOnlyList<FacetCount>>();
        using (var json = JsonDocument.Parse(reader.GetString(1)))
        {
            foreach (var facet in json.RootElement.EnumerateObject())
            {
                counts[facet.Name] = facet.Value.EnumerateArray().Select(c => new FacetCount(c[0].ToString(), c[1].GetInt64())).ToList();
            }
        }

        var hits = new List<KnowledgeHit>();
        using (var json = JsonDocument.Parse(reader.GetString(2)))
        {
            foreach (var hit in json.RootElement.EnumerateArray())
            {
                hits.Add(new KnowledgeHit(hit[0].Deserialize<KnowledgeDocument>(Json)!, hit[1].ValueKind == JsonValueKind.String ? hit[1].GetString() : null));
            }
        }

        return new KnowledgeResults(total, hits, counts);
    }

    public async Task<IReadOnlyList<KnowledgeDocument>> SimilarAsync(string id, int take, CancellationToken cancellationToken = default)
    {
        // Shared codes first, then the same specialty, then shared words of the summary and question.
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.document::text
            FROM knowledge_document d,
                 (SELECT icd_codes, specialty,
                         replace(plainto_tsquery('collab_french', (document->>'summary') || ' ' || (document->>'question'))::text, '&', '|')::tsquery AS words
                  FROM knowledge_document WHERE id = $1) s
            WHERE d.id <> $1 AND (d.icd_codes && s.icd_codes OR d.specialty = s.specialty OR d.search @@ s.words)
            ORDER BY cardinality(ARRAY(SELECT unnest(d.icd_codes) INTERSECT SELECT unnest(s.icd_codes))) DESC,
                     (d.specialty = s.specialty) DESC, ts_rank(d.search, s.words) DESC, d.published_at DESC, d.id
            LIMIT $2
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(Math.Clamp(take, 1, KnowledgeQuery.MaxTake));
        var similar = new List<KnowledgeDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            similar.Add(Read(reader.GetString(0)));
        }

        return similar;
    }

    private static KnowledgeDocument Read(string json) => JsonSerializer.Deserialize<KnowledgeDocument>(json, Json)!;

    // Parameters $1..$6: words, specialty, chapter, age band, sex, year (null: any).
    private static (string Where, NpgsqlParameter[] Parameters) Where(KnowledgeQuery query) =>
        ("""
         ($1::text IS NULL OR search @@ q.query) AND ($2::text IS NULL OR specialty = $2) AND ($3::text IS NULL OR icd_chapters @> ARRAY[$3::text])
         AND ($4::text IS NULL OR age_band = $4) AND ($5::text IS NULL OR sex = $5) AND ($6::integer IS NULL OR year = $6)
         """,
        [
            Text(string.IsNullOrWhiteSpace(query.Words) ? null : query.Words.Trim()),
            Text(query.Specialty),
            Text(query.Chapter),
            Text(query.AgeBand?.ToString()),
            Text(query.Sex?.ToString()),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)query.Year ?? DBNull.Value },
        ]);

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
