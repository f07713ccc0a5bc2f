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

    // The columns a facet counts, by facet name.
    private static readonly IReadOnlyDictionary<string, string> FacetColumns = new Dictionary<string, string>
    {
        [KnowledgeResults.SpecialtyFacet] = "specialty",
        [KnowledgeResults.ChapterFacet] = "unnest(icd_chapters)",
        [KnowledgeResults.AgeBandFacet] = "age_band",
        [KnowledgeResults.SexFacet] = "sex",
        [KnowledgeResults.YearFacet] = "year::text",
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
        var (where, parameters) = Where(query);
        var words = parameters[0].Value is string;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var page = new NpgsqlBatchCommand(
            $"""
            SELECT document::text, {(words ? "ts_headline('collab_french', document->>'question' || ' ' || (document->>'answer'), q.query, $7)" : "NULL")}
            FROM knowledge_document, (SELECT websearch_to_tsquery('collab_french', coalesce($1, '')) AS query) q
            WHERE {where}
            ORDER BY {(words ? "ts_rank(search, q.query) DESC, " : "")}published_at DESC, id
            OFFSET $8 LIMIT $9
            """);
        Add(page, parameters);
        page.Parameters.Add(new NpgsqlParameter { Value = Headline });
        page.Parameters.Add(new NpgsqlParameter { Value = Math.Max(0, query.Skip) });
        page.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(query.Take, 1, KnowledgeQuery.MaxTake) });
        batch.BatchCommands.Add(page);
        var total = new NpgsqlBatchCommand(
            $"SELECT count(*) FROM knowledge_document, (SELECT websearch_to_tsquery('collab_french', coalesce($1, '')) AS query) q WHERE {where}");
        Add(total, parameters);
        batch.BatchCommands.Add(total);
        foreach (var column in FacetColumns.Values)
        {
            var facet = new NpgsqlBatchCommand(
                $"""
                SELECT value, count(*) FROM (SELECT {column} AS value FROM knowledge_document,
                  (SELECT websearch_to_tsquery('collab_french', coalesce($1, '')) AS query) q WHERE {where}) v
                GROUP BY value ORDER BY count(*) DESC, value LIMIT 50
                """);
            Add(facet, parameters);
            batch.BatchCommands.Add(facet);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var hits = new List<KnowledgeHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new KnowledgeHit(Read(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>();
        foreach (var name in FacetColumns.Keys)
        {
            await reader.NextResultAsync(cancellationToken);
            var counts = new List<FacetCount>();
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add(new FacetCount(reader.GetString(0), reader.GetInt64(1)));
            }

            facets[name] = counts;
        }

        return new KnowledgeResults(count, hits, facets);
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

    private static void Add(NpgsqlBatchCommand command, NpgsqlParameter[] parameters)
    {
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
    }
}
