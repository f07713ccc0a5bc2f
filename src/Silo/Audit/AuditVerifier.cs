using Collab.Grains.Audit;
using Collab.Silo.Postgres;
using Npgsql;

namespace Collab.Silo.Audit;

/// <summary>
/// Proves that no audit event was altered, removed, inserted or reordered: recomputes every
/// chain and checks every segment head's signature. Stops at the first broken event.
/// </summary>
public sealed class AuditVerifier(NpgsqlDataSource dataSource, AuditSigningKey signingKey, TimeProvider clock)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var technicalCutoff = AuditRetention.TechnicalCutoff(clock.GetUtcNow());
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        // One snapshot for segments and events, so appends running meanwhile cannot look like tampering.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var segments = await ReadSegmentsAsync(connection, cancellationToken);
        var purges = await ReadPurgesAsync(connection, cancellationToken);
        long events = 0, linkedOnly = 0;
        foreach (var chain in segments.GroupBy(s => s.Category))
        {
            var problem = CheckStart(chain.First(), purges)
                ?? CheckSegments(chain.ToList())
                ?? await CheckEventsAsync(connection, chain.Key, chain.ToList(), technicalCutoff, count => events += count, () => linkedOnly++, cancellationToken);
            if (problem is not null)
            {
                return new AuditVerification(events, segments.Count, problem, linkedOnly);
            }
        }

        return new AuditVerification(events, segments.Count, null, linkedOnly);
    }

    // A chain starts at genesis, or right after segments a recorded purge removed.
    private static string? CheckStart(Segment first, List<AuditPurge> purges)
    {
        var name = $"segment {Name(first.Category)}/{first.SegmentNo}";
        if (first.SegmentNo == 1)
        {
            return first.PrevHead.AsSpan().SequenceEqual(AuditChain.Genesis) ? null : $"{name} does not start from the genesis hash";
        }

        var head = Convert.ToHexStringLower(first.PrevHead);
        return purges.Any(p => p.Category == first.Category && p.LastSegment == first.SegmentNo - 1 && p.Head == head)
            ? null
            : $"segments {Name(first.Category)}/1 to {first.SegmentNo - 1} are missing and no purge of them is recorded";
    }

    private static async Task<List<AuditPurge>> ReadPurgesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT detail FROM audit_event WHERE action = $1 AND detail IS NOT NULL", connection);
        command.Parameters.AddWithValue(AuditRetention.PurgeAction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var purges = new List<AuditPurge>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (AuditRetention.ReadRecord(reader.GetString(0)) is { } purge)
            {
                purges.Add(purge);
            }
        }

        return purges;
    }

    private string? CheckSegments(List<Segment> chain)
    {
        Segment? previous = null;
        foreach (var s in chain)
        {
            var name = $"segment {Name(s.Category)}/{s.SegmentNo}";
            if (s.SignerKey != signingKey.KeyId)
            {
                return $"{name} is signed by key {s.SignerKey}, not by the configured key {signingKey.KeyId}";
            }

            var signed = AuditChain.SegmentHead(s.Category, s.SegmentNo, s.PrevHead, s.FirstSeq, s.LastSeq, s.Head);
            if (!signingKey.Verifies(s.Signature, signed))
            {
                return $"{name} has an invalid signature (its head or bounds were changed)";
            }

            if (previous is not null && (s.SegmentNo != previous.SegmentNo + 1 || s.FirstSeq != previous.LastSeq + 1 || !s.PrevHead.AsSpan().SequenceEqual(previous.Head)))
            {
                return $"{name} does not follow segment {Name(s.Category)}/{previous.SegmentNo}";
            }

            previous = s;
        }

        return null;
    }

    private static async Task<string?> CheckEventsAsync(
        NpgsqlConnection connection, AuditCategory category, List<Segment> chain, DateTimeOffset technicalCutoff,
        Action<long> counted, Action linkedOnly, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT e.seq, e.segment_no, e.occurred_at, e.actor, e.acting_for, e.action, e.object_type, e.object_id,
                   e.outcome, t.ip_address, t.user_agent, e.hash, e.event_id, e.detail,
                   e.technical_digest, t.digest_key, t.event_id IS NOT NULL
            FROM audit_event e LEFT JOIN audit_technical t ON t.event_id = e.event_id
            WHERE e.category = $1 ORDER BY e.seq
            """, connection);
        command.Parameters.AddWithValue((short)category);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var segmentIndex = 0;
        var segment = chain[0];
        var expectedSeq = segment.FirstSeq;
        var head = segment.PrevHead;
        while (await reader.ReadAsync(cancellationToken))
        {
            var seq = reader.GetInt64(0);
            while (expectedSeq > segment.LastSeq && segmentIndex + 1 < chain.Count)
            {
                segment = chain[++segmentIndex];
            }

            var eventName = $"event {Name(category)}#{seq}";
            if (seq < expectedSeq || seq > segment.LastSeq)
            {
                return $"{eventName} lies outside the signed segments";
            }

            if (seq != expectedSeq)
            {
                return $"event {Name(category)}#{expectedSeq} is missing";
            }

            if (reader.GetInt32(1) != segment.SegmentNo)
            {
                return $"{eventName} claims segment {reader.GetInt32(1)} but belongs to segment {segment.SegmentNo}";
            }

            var auditEvent = new AuditEvent(
                reader.GetGuid(12),
                category,
                new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                (AuditOutcome)reader.GetInt16(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(13) ? null : reader.GetString(13));
            var stored = (byte[])reader[11];
            byte[] recomputed;
            if (!reader.IsDBNull(14))
            {
                // The chain binds the keyed digest; the data (while kept, 6 months) must still match it.
                var digest = (byte[])reader[14];
                if (!reader.IsDBNull(15) && !AuditChain.TechnicalDigest((byte[])reader[15], auditEvent.IpAddress, auditEvent.UserAgent).AsSpan().SequenceEqual(digest))
                {
                    return $"{eventName} has technical data (address, user agent) that was altered";
                }

                recomputed = AuditChain.Link(head, category, seq, auditEvent, digest);
            }
            else if (reader.GetBoolean(16))
            {
                recomputed = AuditChain.LinkLegacy(head, category, seq, auditEvent);
            }
            else if (auditEvent.OccurredAt < technicalCutoff)
            {
                // Chained with its address itself, which its retention has since removed: its link is all that can be checked.
                recomputed = stored;
                linkedOnly();
            }
            else
            {
                return $"{eventName} lost its technical data before the end of its retention";
            }

            if (!recomputed.AsSpan().SequenceEqual(stored))
            {
                return $"{eventName} does not match the chain (altered, or moved from another position)";
            }

            if (seq == segment.LastSeq && !recomputed.AsSpan().SequenceEqual(segment.Head))
            {
                return $"{eventName} ends segment {segment.SegmentNo} but differs from its signed head";
            }

            head = recomputed;
            expectedSeq++;
            counted(1);
        }

        var last = chain[^1];
        return expectedSeq <= last.LastSeq ? $"event {Name(category)}#{expectedSeq} is missing" : null;
    }

    private static async Task<List<Segment>> ReadSegmentsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT category, segment_no, prev_head, first_seq, last_seq, head, signer_key, signature
            FROM audit_segment ORDER BY category, segment_no
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var segments = new List<Segment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            segments.Add(new Segment(
                (AuditCategory)reader.GetInt16(0), reader.GetInt32(1), (byte[])reader[2], reader.GetInt64(3),
                reader.GetInt64(4), (byte[])reader[5], reader.GetString(6), (byte[])reader[7]));
        }

        return segments;
    }

    private static string Name(AuditCategory category) => category.ToString().ToLowerInvariant();

    private sealed record Segment(
        AuditCategory Category, int SegmentNo, byte[] PrevHead, long FirstSeq, long LastSeq, byte[] Head, string SignerKey, byte[] Signature);
}
