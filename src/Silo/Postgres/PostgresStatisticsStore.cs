using Collab.Grains.Statistics;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>
/// <see cref="IStatisticsStore"/> on <c>consultation_index</c> and <c>directory_entry</c> (whose structure says whose
/// groups and people a request went to): one batch, one pass per breakdown over the requests of the period.
/// </summary>
public sealed class PostgresStatisticsStore(NpgsqlDataSource dataSource) : IStatisticsStore
{
    // $1 structure (null: all), $2 from, $3 to. "received": requests to the structure's groups or people.
    private const string Received = """
        WITH people AS (SELECT id FROM directory_entry WHERE structure_id = $1),
        received AS (
          SELECT c.* FROM consultation_index c
          WHERE c.requested_at >= $2 AND c.requested_at < $3
            AND ($1::uuid IS NULL OR c.required_group IN (SELECT id FROM people) OR c.required_practitioner IN (SELECT id FROM people)))
        """;

    private const string Hours = "EXTRACT(EPOCH FROM (answered_at - requested_at)) / 3600.0";

    public async Task<RawStatistics> ReadAsync(Guid? structure, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        void Add(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = structure is { } s ? s : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = from.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = to.ToUniversalTime() });
            batch.BatchCommands.Add(command);
        }

        // Months in Paris time: a request sent on the 1st at 00:30 belongs to that month.
        Add($"""
            WITH people AS (SELECT id FROM directory_entry WHERE structure_id = $1),
            period AS (
              SELECT c.*, date_trunc('month', c.requested_at AT TIME ZONE 'Europe/Paris')::date AS month,
                ($1::uuid IS NULL OR c.requester_id IN (SELECT id FROM people)) AS sent,
                ($1::uuid IS NULL OR c.required_group IN (SELECT id FROM people) OR c.required_practitioner IN (SELECT id FROM people)) AS received
              FROM consultation_index c WHERE c.requested_at >= $2 AND c.requested_at < $3)
            SELECT month, count(*) FILTER (WHERE sent), count(*) FILTER (WHERE received) FROM period GROUP BY month ORDER BY month
            """);
        Add($"""
            {Received}
            SELECT COALESCE(rp.specialty, ap.specialty, g.specialty), count(*)
            FROM received r
            LEFT JOIN directory_entry rp ON rp.id = r.required_practitioner
            LEFT JOIN directory_entry ap ON ap.id = r.accepted_by
            LEFT JOIN directory_entry g ON g.id = r.required_group
            GROUP BY 1 ORDER BY 2 DESC, 1
            """);
        Add($"{Received} SELECT status, count(*) FROM received GROUP BY status ORDER BY status");
        Add($"{Received} SELECT act_code, count(*) FROM received WHERE answered_at IS NOT NULL GROUP BY act_code ORDER BY 2 DESC, 1");
        Add($"{Received} SELECT billing, count(*) FROM received WHERE answered_at IS NOT NULL GROUP BY billing ORDER BY billing");
        Add($"""
            {Received}
            SELECT CASE WHEN {Hours} < 24 THEN 0 WHEN {Hours} < 48 THEN 1 WHEN {Hours} < 120 THEN 2 WHEN {Hours} < 240 THEN 3 ELSE 4 END, count(*)
            FROM received WHERE answered_at IS NOT NULL GROUP BY 1 ORDER BY 1
            """);
        foreach (var party in new[] { "required_group", "required_practitioner" })
        {
            Add($"""
                {Received}
                SELECT r.{party}, d.name, d.structure_id, count(*), count(r.answered_at),
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY {Hours}) FILTER (WHERE r.answered_at IS NOT NULL),
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY {Hours}) FILTER (WHERE r.answered_at IS NOT NULL),
                  count(*) FILTER (WHERE r.answered_at - r.requested_at <= interval '5 days')
                FROM received r LEFT JOIN directory_entry d ON d.id = r.{party}
                WHERE r.{party} IS NOT NULL
                GROUP BY r.{party}, d.name, d.structure_id ORDER BY count(*) DESC, d.name
                """);
        }

        Add($"{Received} SELECT count(*), count(reminded_at) FROM received");

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var byMonth = await ReadAsync(reader, r => (DateOnly.FromDateTime(r.GetDateTime(0)), r.GetInt64(1), r.GetInt64(2)), cancellationToken);
        var bySpecialty = await NextAsync(reader, r => (r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1)), cancellationToken);
        var byStatus = await NextAsync(reader, r => (r.GetInt16(0), r.GetInt64(1)), cancellationToken);
        var byAct = await NextAsync(reader, r => (r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1)), cancellationToken);
        var byBilling = await NextAsync(reader, r => (r.GetInt16(0), r.GetInt64(1)), cancellationToken);
        var times = await NextAsync(reader, r => (r.GetInt32(0), r.GetInt64(1)), cancellationToken);
        var byGroup = await NextAsync(reader, Response, cancellationToken);
        var byPractitioner = await NextAsync(reader, Response, cancellationToken);
        var totals = await NextAsync(reader, r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken);
        return new RawStatistics(byMonth, bySpecialty, byStatus, byAct, byBilling, times, byGroup, byPractitioner, totals[0].Item1, totals[0].Item2);

        static RawResponse Response(NpgsqlDataReader r) => new(
            r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetInt64(3), r.GetInt64(4),
            r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.GetInt64(7));
    }

    private static async Task<List<T>> NextAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        return await ReadAsync(reader, read, cancellationToken);
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
