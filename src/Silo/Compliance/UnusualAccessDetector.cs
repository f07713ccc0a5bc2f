using System.Security.Cryptography;
using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;
using Npgsql;

namespace Collab.Silo.Compliance;

/// <summary>
/// Reads the access traces of the last hours and raises a flag on each account that broke a rule
/// (<see cref="AccessRule"/>): too many patients in an hour, repeated refusals, health data opened at
/// quiet hours. Each flag exists once per account, rule and window (its id is derived from them); the
/// account's grain records it and tells the structure's administrators.
/// </summary>
public sealed class UnusualAccessDetector(NpgsqlDataSource dataSource, IGrainFactory grains, UnusualAccessOptions options, TimeProvider clock)
{
    private const string Practitioner = "actor LIKE 'practitioner:%'";
    private const string Window = "occurred_at >= $1 AND occurred_at < $2";
    private static readonly string OpenedConsultation = $"category = {(short)AuditCategory.Access} AND outcome = {(short)AuditOutcome.Succeeded} AND object_type = 'consultation'";

    private const int ScanLockClass = 0x756163; // "uac": one scan at a time across silos

    /// <summary>Scans the current and the previous hour; returns the flags raised now (none while another silo scans).</summary>
    public Task<IReadOnlyList<AccessFlag>> ScanAsync(CancellationToken cancellationToken = default) =>
        Postgres.AdvisoryLock.TryRunAsync<IReadOnlyList<AccessFlag>>(dataSource, ScanLockClass, [], _ => ScanLockedAsync(cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<AccessFlag>> ScanLockedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(-1);
        var candidates = new List<(Guid Practitioner, AccessRule Rule, DateTimeOffset WindowStart, int Observed, int Threshold)>();
        await foreach (var row in CountAsync(
            $"""
            SELECT substr(actor, 14)::uuid, date_trunc('hour', occurred_at, 'UTC'), count(DISTINCT object_id)::int FROM audit_event
            WHERE {OpenedConsultation} AND {Practitioner} AND {Window}
            GROUP BY 1, 2 HAVING count(DISTINCT object_id) > $3
            """, from, now, options.PatientsPerHour, cancellationToken))
        {
            candidates.Add((row.Practitioner, AccessRule.ManyPatients, row.WindowStart, row.Observed, options.PatientsPerHour));
        }

        await foreach (var row in CountAsync(
            $"""
            SELECT substr(actor, 14)::uuid, date_trunc('hour', occurred_at, 'UTC'), count(*)::int FROM audit_event
            WHERE category = {(short)AuditCategory.Access} AND outcome = {(short)AuditOutcome.Refused} AND {Practitioner} AND {Window}
            GROUP BY 1, 2 HAVING count(*) >= $3
            """, from, now, options.RefusalsPerHour, cancellationToken))
        {
            candidates.Add((row.Practitioner, AccessRule.RepeatedRefusals, row.WindowStart, row.Observed, options.RefusalsPerHour));
        }

        if (options.QuietHoursStart != options.QuietHoursEnd)
        {
            // A night's window starts at QuietHoursStart; an access after midnight belongs to the night before.
            var (start, end) = (options.QuietHoursStart, options.QuietHoursEnd);
            var wraps = start > end;
            var inQuiet = wraps ? $"(extract(hour FROM local) >= {start} OR extract(hour FROM local) < {end})" : $"(extract(hour FROM local) >= {start} AND extract(hour FROM local) < {end})";
            var night = wraps ? $"(local - make_interval(hours => {end}))::date" : "local::date";
            await foreach (var row in CountAsync(
                $"""
                SELECT actor_id, ({night} + make_interval(hours => {start})) AT TIME ZONE 'Europe/Paris', count(DISTINCT object_id)::int
                FROM (SELECT substr(actor, 14)::uuid AS actor_id, object_id, occurred_at AT TIME ZONE 'Europe/Paris' AS local FROM audit_event
                      WHERE {OpenedConsultation} AND {Practitioner} AND {Window}) opened
                WHERE {inQuiet}
                GROUP BY 1, 2 HAVING count(DISTINCT object_id) >= $3
                """, from, now, options.QuietHoursPatients, cancellationToken))
            {
                candidates.Add((row.Practitioner, AccessRule.QuietHours, row.WindowStart, row.Observed, options.QuietHoursPatients));
            }
        }

        var raised = new List<AccessFlag>();
        foreach (var c in candidates)
        {
            var flag = new AccessFlag(FlagId(c.Practitioner, c.Rule, c.WindowStart), c.Practitioner, c.Rule, c.WindowStart, c.Observed, c.Threshold, now);
            if (await ExistsAsync(flag.Id, cancellationToken))
            {
                continue;
            }

            // The grain first (it ignores a flag it has already), then the row: a crash between the two raises it again, once.
            await grains.Grain<IPractitionerStandingGrain>(flag.Practitioner).Flag(flag, Caller.System("unusual-access"));
            await InsertAsync(flag, cancellationToken);
            raised.Add(flag);
        }

        return raised;
    }

    private static Guid FlagId(Guid practitioner, AccessRule rule, DateTimeOffset windowStart) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{practitioner:N}|{rule}|{windowStart.UtcTicks}")).AsSpan(0, 16));

    private async IAsyncEnumerable<(Guid Practitioner, DateTimeOffset WindowStart, int Observed)> CountAsync(
        string sql, DateTimeOffset from, DateTimeOffset to, int threshold, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        command.Parameters.AddWithValue(threshold);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2));
        }
    }

    private async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM access_flag WHERE id = $1)");
        command.Parameters.AddWithValue(id);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task InsertAsync(AccessFlag flag, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO access_flag (id, practitioner, rule, window_start, observed, threshold, raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(flag.Id);
        command.Parameters.AddWithValue(flag.Practitioner);
        command.Parameters.AddWithValue((short)flag.Rule);
        command.Parameters.AddWithValue(flag.WindowStart);
        command.Parameters.AddWithValue(flag.Observed);
        command.Parameters.AddWithValue(flag.Threshold);
        command.Parameters.AddWithValue(flag.RaisedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
