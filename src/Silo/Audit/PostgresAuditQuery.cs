using Collab.Contracts.Audit;
using Collab.Grains.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Collab.Silo.Audit;

/// <summary><see cref="IAuditQuery"/> on <c>audit_event</c>; a structure's scope is its users as the directory lists them.</summary>
public sealed class PostgresAuditQuery(NpgsqlDataSource dataSource) : IAuditQuery
{
    public async Task<IReadOnlyList<AuditRow>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.event_id, e.occurred_at, e.category, e.actor, e.acting_for, e.action, e.object_type, e.object_id, e.outcome, t.ip_address, t.user_agent, e.detail
            FROM audit_event e LEFT JOIN audit_technical t ON t.event_id = e.event_id
            WHERE ($1::uuid IS NULL OR e.actor IN (SELECT 'practitioner:' || d.id::text FROM directory_entry d WHERE d.kind = 1 AND d.structure_id = $1))
              AND ($2::text IS NULL OR e.actor = $2)
              AND ($3::text IS NULL OR e.object_type = $3)
              AND ($4::text IS NULL OR e.object_id = $4)
              AND ($5::text IS NULL OR e.action = $5 OR (right($5, 1) = '.' AND starts_with(e.action, $5)))
              AND ($6::smallint IS NULL OR e.category = $6)
              AND ($7::timestamptz IS NULL OR e.occurred_at >= $7)
              AND ($8::timestamptz IS NULL OR e.occurred_at < $8)
              AND ($9::timestamptz IS NULL OR (e.occurred_at, e.event_id) < ($9, $10::uuid))
            ORDER BY e.occurred_at DESC, e.event_id DESC
            LIMIT $11
            """);
        Add(command, NpgsqlDbType.Uuid, query.Structure);
        Add(command, NpgsqlDbType.Text, query.Actor);
        Add(command, NpgsqlDbType.Text, query.ObjectType);
        Add(command, NpgsqlDbType.Text, query.ObjectId);
        Add(command, NpgsqlDbType.Text, query.Action);
        Add(command, NpgsqlDbType.Smallint, query.Category is { } c ? (short)Enum.Parse<AuditCategory>(c, ignoreCase: true) : null);
        Add(command, NpgsqlDbType.TimestampTz, query.From);
        Add(command, NpgsqlDbType.TimestampTz, query.To);
        Add(command, NpgsqlDbType.TimestampTz, query.BeforeTime);
        Add(command, NpgsqlDbType.Uuid, query.BeforeId ?? Guid.Empty);
        command.Parameters.AddWithValue(query.Limit);

        var rows = new List<AuditRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(
                reader.GetGuid(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), ((AuditCategory)reader.GetInt16(2)).ToString(),
                reader.GetString(3), Text(reader, 4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                ((AuditOutcome)reader.GetInt16(8)).ToString(), Text(reader, 9), Text(reader, 10), Text(reader, 11)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<FlagRow>> FlagsAsync(Guid? structure, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT f.id, f.practitioner, f.rule, f.window_start, f.observed, f.threshold, f.raised_at, coalesce(d.name, f.practitioner::text), d.status
            FROM access_flag f LEFT JOIN directory_entry d ON d.id = f.practitioner
            WHERE $1::uuid IS NULL OR d.structure_id = $1
            ORDER BY f.raised_at DESC, f.id
            LIMIT $2
            """);
        Add(command, NpgsqlDbType.Uuid, structure);
        command.Parameters.AddWithValue(limit);
        var rows = new List<FlagRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FlagRow(
                new Contracts.Practitioners.AccessFlag(
                    reader.GetGuid(0), reader.GetGuid(1), (Contracts.Practitioners.AccessRule)reader.GetInt16(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetInt32(4), reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)),
                reader.GetString(7), Text(reader, 8)));
        }

        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Add(NpgsqlCommand command, NpgsqlDbType type, object? value) =>
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
}
