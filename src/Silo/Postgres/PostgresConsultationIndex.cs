using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary><see cref="IConsultationIndex"/> on <c>consultation_index</c>.</summary>
public sealed class PostgresConsultationIndex(NpgsqlDataSource dataSource) : IConsultationIndex
{
    public async Task UpsertAsync(ConsultationIndexEntry entry, CancellationToken cancellationToken = default)
    {
        var e = entry.Entry;
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO consultation_index (consultation_id, status, requester_id, required_practitioner, required_group, accepted_by, updated_at, requested_at, answered_at, act_code, destroy_at, billing, reminded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (consultation_id) DO UPDATE SET status = excluded.status, accepted_by = excluded.accepted_by,
              updated_at = excluded.updated_at, requested_at = excluded.requested_at, answered_at = excluded.answered_at, act_code = excluded.act_code,
              destroy_at = excluded.destroy_at, billing = excluded.billing, reminded_at = excluded.reminded_at
            """);
        command.Parameters.AddWithValue(e.Consultation);
        command.Parameters.AddWithValue((short)e.Status);
        command.Parameters.AddWithValue(e.Requester.Value);
        command.Parameters.AddWithValue(e.RequiredPractitioner is { } p ? p.Value : DBNull.Value);
        command.Parameters.AddWithValue(e.RequiredGroup is { } g ? g : DBNull.Value);
        command.Parameters.AddWithValue(e.AcceptedBy is { } a ? a.Value : DBNull.Value);
        command.Parameters.AddWithValue(e.UpdatedAt);
        command.Parameters.AddWithValue(e.RequestedAt is { } r ? r : DBNull.Value);
        command.Parameters.AddWithValue(entry.AnsweredAt is { } answered ? answered : DBNull.Value);
        command.Parameters.AddWithValue(entry.ActCode is { } code ? code : DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = e.DestroyAt is { } d ? d : DBNull.Value });
        command.Parameters.AddWithValue((short)entry.Billing);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = entry.RemindedAt is { } reminded ? reminded : DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InboxEntry>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        var where = query.Box switch
        {
            InboxBox.Sent => "requester_id = $1",
            InboxBox.Received => "required_practitioner = $1 AND requested_at IS NOT NULL",
            _ => "required_group = ANY($2) AND requested_at IS NOT NULL",
        };
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT consultation_id, status, requester_id, required_practitioner, required_group, accepted_by, updated_at, requested_at, destroy_at
            FROM consultation_index WHERE {where} AND ($3::smallint IS NULL OR status = $3)
            ORDER BY updated_at DESC LIMIT $4
            """);
        command.Parameters.AddWithValue(query.Practitioner);
        command.Parameters.AddWithValue(query.Groups.ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = query.Status is { } s ? (short)s : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint });
        command.Parameters.AddWithValue(query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<InboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new InboxEntry(
                reader.GetGuid(0), (ConsultationStatus)reader.GetInt16(1), new PractitionerId(reader.GetGuid(2)),
                reader.IsDBNull(3) ? null : new PractitionerId(reader.GetGuid(3)),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : new PractitionerId(reader.GetGuid(5)),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return entries;
    }
}
