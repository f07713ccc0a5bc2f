using Collab.Grains.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Collab.Silo.Audit;

/// <summary>
/// <see cref="IAuditTrail"/> on PostgreSQL: appends events to their category's chain and re-signs
/// the open segment's head, all in one transaction, so a completed call is committed and verifiable.
/// </summary>
public sealed class PostgresAuditTrail(NpgsqlDataSource dataSource, AuditSigningKey signingKey, AuditOptions options) : IAuditTrail
{
    // First key of the two-key advisory lock that serialises appends to one category's chain.
    private const int ChainLockClass = 0x617564; // "aud"

    public async Task RecordAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Lock categories in a fixed order so concurrent batches never deadlock.
        foreach (var chain in events.GroupBy(e => e.Category).OrderBy(g => g.Key))
        {
            await AppendAsync(connection, chain.Key, chain.ToList(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AppendAsync(NpgsqlConnection connection, AuditCategory category, List<AuditEvent> events, CancellationToken cancellationToken)
    {
        await using (var lockChain = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection))
        {
            lockChain.Parameters.AddWithValue(ChainLockClass);
            lockChain.Parameters.AddWithValue((int)category);
            await lockChain.ExecuteNonQueryAsync(cancellationToken);
        }

        events = await WithoutRecordedAsync(connection, events, cancellationToken);
        if (events.Count == 0)
        {
            return;
        }

        var segment = await ReadOpenSegmentAsync(connection, category, cancellationToken)
            ?? new OpenSegment(1, AuditChain.Genesis, FirstSeq: 1, LastSeq: 0, Head: AuditChain.Genesis);

        var touched = new List<OpenSegment>();
        var rows = new List<ChainedAuditEvent>(events.Count);
        foreach (var auditEvent in events)
        {
            if (segment.Count >= options.SegmentSize)
            {
                touched.Add(segment);
                segment = new OpenSegment(segment.SegmentNo + 1, segment.Head, segment.LastSeq + 1, segment.LastSeq, segment.Head);
            }

            var seq = segment.LastSeq + 1;
            var technicalKey = AuditChain.NewTechnicalKey();
            var technicalDigest = AuditChain.TechnicalDigest(technicalKey, auditEvent.IpAddress, auditEvent.UserAgent);
            var hash = AuditChain.Link(segment.Head, category, seq, auditEvent, technicalDigest);
            rows.Add(new ChainedAuditEvent(seq, segment.SegmentNo, auditEvent, hash, technicalDigest, technicalKey));
            segment = segment with { LastSeq = seq, Head = hash };
        }

        touched.Add(segment);

        var batch = new NpgsqlBatch(connection);
        await using (batch)
        {
            foreach (var s in touched)
            {
                batch.BatchCommands.Add(SignedSegmentUpsert(category, s));
            }

            foreach (var row in rows)
            {
                batch.BatchCommands.Add(EventInsert(category, row));
                if (row.Event.IpAddress is not null || row.Event.UserAgent is not null)
                {
                    batch.BatchCommands.Add(TechnicalInsert(row));
                }
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // A grain replays its pending records after a crash; those the trail already holds are skipped.
    private static async Task<List<AuditEvent>> WithoutRecordedAsync(NpgsqlConnection connection, List<AuditEvent> events, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT event_id FROM audit_event WHERE event_id = ANY($1)", connection);
        command.Parameters.AddWithValue(events.Select(e => e.Id).ToArray());
        var recorded = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add(reader.GetGuid(0));
            }
        }

        return recorded.Count == 0 ? events : events.Where(e => !recorded.Contains(e.Id)).ToList();
    }

    private static async Task<OpenSegment?> ReadOpenSegmentAsync(NpgsqlConnection connection, AuditCategory category, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT segment_no, prev_head, first_seq, last_seq, head FROM audit_segment
            WHERE category = $1 ORDER BY segment_no DESC LIMIT 1
            """, connection);
        command.Parameters.AddWithValue((short)category);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new OpenSegment(reader.GetInt32(0), (byte[])reader[1], reader.GetInt64(2), reader.GetInt64(3), (byte[])reader[4]);
    }

    private NpgsqlBatchCommand SignedSegmentUpsert(AuditCategory category, OpenSegment s)
    {
        var signature = signingKey.Sign(AuditChain.SegmentHead(category, s.SegmentNo, s.PrevHead, s.FirstSeq, s.LastSeq, s.Head));
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO audit_segment (category, segment_no, prev_head, first_seq, last_seq, head, signer_key, signature)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (category, segment_no) DO UPDATE
              SET last_seq = excluded.last_seq, head = excluded.head, signer_key = excluded.signer_key,
                  signature = excluded.signature, updated_at = now()
            """);
        command.Parameters.AddWithValue((short)category);
        command.Parameters.AddWithValue(s.SegmentNo);
        command.Parameters.AddWithValue(s.PrevHead);
        command.Parameters.AddWithValue(s.FirstSeq);
        command.Parameters.AddWithValue(s.LastSeq);
        command.Parameters.AddWithValue(s.Head);
        command.Parameters.AddWithValue(signingKey.KeyId);
        command.Parameters.AddWithValue(signature);
        return command;
    }

    private static NpgsqlBatchCommand EventInsert(AuditCategory category, ChainedAuditEvent row)
    {
        var e = row.Event;
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO audit_event (category, seq, segment_no, occurred_at, actor, acting_for, action,
                                     object_type, object_id, outcome, technical_digest, hash, event_id, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """);
        command.Parameters.AddWithValue((short)category);
        command.Parameters.AddWithValue(row.Seq);
        command.Parameters.AddWithValue(row.SegmentNo);
        command.Parameters.AddWithValue(AuditChain.StoredPrecision(e.OccurredAt));
        command.Parameters.AddWithValue(e.Actor);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)e.ActingFor ?? DBNull.Value });
        command.Parameters.AddWithValue(e.Action);
        command.Parameters.AddWithValue(e.ObjectType);
        command.Parameters.AddWithValue(e.ObjectId);
        command.Parameters.AddWithValue((short)e.Outcome);
        command.Parameters.AddWithValue(row.TechnicalDigest);
        command.Parameters.AddWithValue(row.Hash);
        command.Parameters.AddWithValue(e.Id);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)e.Detail ?? DBNull.Value });
        return command;
    }

    // Kept 6 months (AuditRetention), apart from the chain: only its keyed digest is chained.
    private static NpgsqlBatchCommand TechnicalInsert(ChainedAuditEvent row)
    {
        var e = row.Event;
        var command = new NpgsqlBatchCommand(
            "INSERT INTO audit_technical (event_id, occurred_at, digest_key, ip_address, user_agent) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue(e.Id);
        command.Parameters.AddWithValue(AuditChain.StoredPrecision(e.OccurredAt));
        command.Parameters.AddWithValue(row.TechnicalKey);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)e.IpAddress ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)e.UserAgent ?? DBNull.Value });
        return command;
    }

    private sealed record OpenSegment(int SegmentNo, byte[] PrevHead, long FirstSeq, long LastSeq, byte[] Head)
    {
        public long Count => LastSeq - FirstSeq + 1;
    }
}
