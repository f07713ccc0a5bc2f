using System.Threading.Channels;
using Collab.Grains.Audit;
using Collab.Silo.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Collab.Silo.Audit;

/// <summary>
/// <see cref="IAuditTrail"/> on PostgreSQL, with group commit: appends that arrive while a transaction
/// is in flight wait for the next one and share it — one chain lock per category, one signature of the
/// open segment's head, one commit. A write that must land with its record (an item of a discussion)
/// joins the same transaction (<see cref="CommitAsync"/>). Every caller is answered only after the commit
/// that holds its records, so a completed call is committed and verifiable (ADR 0010).
/// </summary>
public sealed class PostgresAuditTrail : IAuditTrail, IAsyncDisposable
{
    /// <summary>At most this many callers share one transaction.</summary>
    public const int MaxBatch = 256;

    // First key of the two-key advisory lock that serialises appends to one category's chain (across silos).
    private const int ChainLockClass = 0x617564; // "aud"

    private readonly NpgsqlDataSource _dataSource;
    private readonly AuditSigningKey _signingKey;
    private readonly AuditOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Task _committer;

    public PostgresAuditTrail(NpgsqlDataSource dataSource, AuditSigningKey signingKey, AuditOptions options)
    {
        (_dataSource, _signingKey, _options) = (dataSource, signingKey, options);
        _committer = Task.Run(CommitQueuedAsync);
    }

    public Task RecordAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default) =>
        events.Count == 0 ? Task.CompletedTask : CommitAsync(null, events, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> and appends <paramref name="records"/> in one transaction shared with
    /// other callers. When the write changes no row (a conflict it was written to skip), its records are
    /// not appended and the answer is false.
    /// </summary>
    public Task<bool> CommitAsync(NpgsqlBatchCommand? write, IReadOnlyList<AuditEvent> records, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(write, records, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresAuditTrail));
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _committer;
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await PostgresOutage.RetryAsync(() => CommitBatchAsync(batch), _dataSource);
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One caller's bad write must not fail the others: each goes again on its own (every
                // write and record is idempotent, so what the failed transaction did commit counts once).
                foreach (var pending in batch)
                {
                    await CommitAloneAsync(pending);
                }
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(e);
            }

            batch.Clear();
        }
    }

    private async Task CommitAloneAsync(Pending pending)
    {
        try
        {
            await PostgresOutage.RetryAsync(() => CommitBatchAsync([pending]), _dataSource);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    // Two round trips whatever the batch holds: (1) begin, lock the chains, read what is recorded already and
    // the open segments, run the callers' writes; (2) insert the chained rows and the signed heads, and commit.
    // The transaction is opened and committed by statements in those batches, not by round trips of their own;
    // after a failure, the pool rolls back the connection it is handed back (AuditTrailTests checks none stays open).
    // A database restart fails the batch before it commits: every write and record being idempotent, it runs again.
    private async Task CommitBatchAsync(List<Pending> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();

        var candidates = batch.SelectMany(p => p.Records).DistinctBy(e => e.Id).ToList();
        // Lock categories in a fixed order so concurrent transactions (other silos) never deadlock.
        var categories = candidates.Select(e => e.Category).Distinct().Order().ToList();
        var recorded = new HashSet<Guid>();
        var segments = new Dictionary<AuditCategory, OpenSegment>();
        var done = new bool[batch.Count];
        var first = new NpgsqlBatch(connection);
        await using (first)
        {
            first.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            foreach (var category in categories)
            {
                first.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock($1, $2)", ChainLockClass, (int)category));
            }

            if (candidates.Count > 0)
            {
                // A grain replays its pending records after a crash; those the trail already holds are skipped.
                first.BatchCommands.Add(Command("SELECT event_id FROM audit_event WHERE event_id = ANY($1)", candidates.Select(e => e.Id).ToArray()));
            }

            foreach (var category in categories)
            {
                first.BatchCommands.Add(Command(
                    "SELECT segment_no, prev_head, first_seq, last_seq, head FROM audit_segment WHERE category = $1 ORDER BY segment_no DESC LIMIT 1",
                    (short)category));
            }

            var writes = first.BatchCommands.Count;
            foreach (var pending in batch)
            {
                if (pending.Write is { } write)
                {
                    first.BatchCommands.Add(Clone(write));
                }
            }

            await using (var reader = await first.ExecuteReaderAsync())
            {
                foreach (var _ in categories)
                {
                    await reader.NextResultAsync(); // the lock's one row
                }

                if (candidates.Count > 0)
                {
                    while (await reader.ReadAsync())
                    {
                        recorded.Add(reader.GetGuid(0));
                    }

                    await reader.NextResultAsync();
                }

                foreach (var category in categories)
                {
                    if (await reader.ReadAsync())
                    {
                        segments[category] = new OpenSegment(reader.GetInt32(0), (byte[])reader[1], reader.GetInt64(2), reader.GetInt64(3), (byte[])reader[4]);
                    }

                    await reader.NextResultAsync();
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                done[i] = batch[i].Write is null || first.BatchCommands[writes++].RecordsAffected > 0;
            }
        }

        var records = batch.Where((_, i) => done[i]).SelectMany(p => p.Records).DistinctBy(e => e.Id).Where(e => !recorded.Contains(e.Id)).ToList();
        var second = new NpgsqlBatch(connection);
        await using (second)
        {
            foreach (var chain in records.GroupBy(e => e.Category))
            {
                Chain(second, chain.Key, chain.ToList(), segments.GetValueOrDefault(chain.Key));
            }

            second.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await second.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(done[i]);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return command;
    }

    // A command belongs to one batch: a caller's write is copied into each transaction that tries it.
    private static NpgsqlBatchCommand Clone(NpgsqlBatchCommand write)
    {
        var copy = new NpgsqlBatchCommand(write.CommandText);
        foreach (NpgsqlParameter parameter in write.Parameters)
        {
            copy.Parameters.Add(parameter.Clone());
        }

        return copy;
    }

    // Links the events after the open segment's head (a new chain starts at the genesis), cutting
    // segments at Audit:SegmentSize, and adds the rows and each touched segment's signed head.
    private void Chain(NpgsqlBatch batch, AuditCategory category, List<AuditEvent> events, OpenSegment? open)
    {
        var segment = open ?? new OpenSegment(1, AuditChain.Genesis, FirstSeq: 1, LastSeq: 0, Head: AuditChain.Genesis);
        var touched = new List<OpenSegment>();
        var rows = new List<ChainedAuditEvent>(events.Count);
        foreach (var auditEvent in events)
        {
            if (segment.Count >= _options.SegmentSize)
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
    }

    private NpgsqlBatchCommand SignedSegmentUpsert(AuditCategory category, OpenSegment s)
    {
        var signature = _signingKey.Sign(AuditChain.SegmentHead(category, s.SegmentNo, s.PrevHead, s.FirstSeq, s.LastSeq, s.Head));
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
        command.Parameters.AddWithValue(_signingKey.KeyId);
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

    private sealed record Pending(NpgsqlBatchCommand? Write, IReadOnlyList<AuditEvent> Records, TaskCompletionSource<bool> Done);

    private sealed record OpenSegment(int SegmentNo, byte[] PrevHead, long FirstSeq, long LastSeq, byte[] Head)
    {
        public long Count => LastSeq - FirstSeq + 1;
    }
}
