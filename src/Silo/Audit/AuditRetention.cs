using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Grains.Audit;
using Npgsql;
using Sodium;

namespace Collab.Silo.Audit;

/// <summary>
/// Trace retention (SPEC): access traces 6 months, technical 1 year, functional 10 years. Whole
/// segments go, oldest first, once their newest event is past the category's retention; the open
/// segment never does. Each purge is recorded first, in the functional chain, with the head of the
/// last purged segment: <see cref="AuditVerifier"/> then accepts a chain that starts after a recorded
/// purge, and nothing else.
/// </summary>
public sealed class AuditRetention(NpgsqlDataSource dataSource, IAuditTrail trail, TimeProvider clock)
{
    public const string PurgeAction = "audit.purge";
    private const int PurgeLockClass = 0x617570; // "aup": one purge at a time across silos

    public const string TechnicalPurgeAction = "audit.technical.purge";

    public static DateTimeOffset Cutoff(AuditCategory category, DateTimeOffset now) => category switch
    {
        AuditCategory.Access => now.AddMonths(-6),
        AuditCategory.Technical => now.AddYears(-1),
        _ => now.AddYears(-10),
    };

    /// <summary>Technical data (address, user agent) of every category is kept 6 months (SPEC), whatever the event's own retention.</summary>
    public static DateTimeOffset TechnicalCutoff(DateTimeOffset now) => now.AddMonths(-6);

    public async Task<IReadOnlyList<AuditPurge>> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return await Postgres.AdvisoryLock.TryRunAsync<IReadOnlyList<AuditPurge>>(dataSource, PurgeLockClass, [], async connection => // [] while another silo purges
        {
            var purges = new List<AuditPurge>();
            foreach (var category in Enum.GetValues<AuditCategory>())
            {
                if (await ExpiredRunAsync(connection, category, Cutoff(category, now), cancellationToken) is { } run)
                {
                    // Recorded before the rows go (its id is derived from what it purges, so a rerun after a crash records it once).
                    await trail.RecordAsync([Record(run, now)], cancellationToken);
                    await DeleteAsync(connection, run, cancellationToken);
                    purges.Add(run);
                }
            }

            await PurgeTechnicalAsync(connection, now, cancellationToken);
            return purges;
        }, cancellationToken);
    }

    // Addresses and user agents go at 6 months with the keys of their digests: what the chain keeps then says nothing about them.
    private async Task PurgeTechnicalAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = TechnicalCutoff(now);
        await using var command = new NpgsqlCommand("DELETE FROM audit_technical WHERE occurred_at < $1", connection);
        command.Parameters.AddWithValue(cutoff);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            var system = Caller.System("audit-retention");
            await trail.RecordAsync([AuditEvent.Of(clock, system, AuditCategory.Functional, TechnicalPurgeAction, "audit_technical", $"before {cutoff:O}",
                detail: JsonSerializer.Serialize(new { before = cutoff, rows = deleted }, JsonOptions))], cancellationToken);
        }
    }

    /// <summary>The purge record's detail, as <see cref="AuditVerifier"/> reads it back.</summary>
    public static AuditPurge? ReadRecord(string detail) => JsonSerializer.Deserialize<AuditPurge>(detail, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static AuditEvent Record(AuditPurge run, DateTimeOffset now)
    {
        var id = new Guid(GenericHash.Hash(System.Text.Encoding.UTF8.GetBytes($"{PurgeAction}:{run.Category}:{run.LastSegment}:{run.Head}"), (byte[]?)null, 16));
        var system = Caller.System("audit-retention");
        return new AuditEvent(id, AuditCategory.Functional, now, system.Actor, null, PurgeAction, "audit_segment",
            $"{run.Category.ToString().ToLowerInvariant()}/{run.FirstSegment}-{run.LastSegment}", AuditOutcome.Succeeded, null, null,
            JsonSerializer.Serialize(run, JsonOptions));
    }

    // The oldest segments, in order, whose newest event is older than the cutoff, stopping before the open one.
    // The check runs every hour over a ten-year table and must cost what it purges, not what the trail holds: pages
    // of 1, 2, 4… segments (usually the oldest one says nothing is due), each segment's newest event read through its
    // own range of the chain's key. `+ interval '0 s'` keeps PostgreSQL from answering max() by walking the time index
    // backwards through every newer event of every category — 80 s for 224 segments of 1.2 M events, which timed out.
    private static async Task<AuditPurge?> ExpiredRunAsync(NpgsqlConnection connection, AuditCategory category, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var page = 1;
        int? first = null, last = null;
        long events = 0;
        byte[]? head = null;
        while (true)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT s.segment_no, s.last_seq - s.first_seq + 1, s.head,
                       (SELECT max(e.occurred_at + interval '0 s') FROM audit_event e WHERE e.category = s.category AND e.seq BETWEEN s.first_seq AND s.last_seq)
                FROM audit_segment s
                WHERE s.category = $1 AND s.segment_no > $2 AND s.segment_no < (SELECT max(segment_no) FROM audit_segment WHERE category = $1)
                ORDER BY s.segment_no
                LIMIT $3
                """, connection);
            command.Parameters.AddWithValue((short)category);
            command.Parameters.AddWithValue(last ?? int.MinValue);
            command.Parameters.AddWithValue(page);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var read = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                read++;
                var newest = reader.IsDBNull(3) ? DateTimeOffset.MinValue : new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero);
                if (newest >= cutoff)
                {
                    return Run();
                }

                first ??= reader.GetInt32(0);
                last = reader.GetInt32(0);
                events += reader.GetInt64(1);
                head = (byte[])reader[2];
            }

            if (read < page)
            {
                return Run();
            }

            page = Math.Min(page * 2, 64);
        }

        AuditPurge? Run() => last is null ? null : new AuditPurge(category, first!.Value, last.Value, events, Convert.ToHexStringLower(head!));
    }

    private static async Task DeleteAsync(NpgsqlConnection connection, AuditPurge run, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "audit_event", "audit_segment" })
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE category = $1 AND segment_no BETWEEN $2 AND $3", connection, transaction);
            command.Parameters.AddWithValue((short)run.Category);
            command.Parameters.AddWithValue(run.FirstSegment);
            command.Parameters.AddWithValue(run.LastSegment);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
