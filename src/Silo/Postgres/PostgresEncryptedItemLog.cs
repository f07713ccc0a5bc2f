using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Silo.Audit;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary><see cref="IEncryptedItemLog"/> on the <c>encrypted_item</c> table; appends commit with their audit record through the trail's group commit.</summary>
public sealed class PostgresEncryptedItemLog(NpgsqlDataSource dataSource, PostgresAuditTrail trail) : IEncryptedItemLog
{
    public Task<bool> AppendAsync(Guid ownerId, NewItem item, AuditEvent record, CancellationToken cancellationToken = default)
    {
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO encrypted_item (owner_id, seq, epoch, ciphertext, posted_at, client_id, author_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue(ownerId);
        insert.Parameters.AddWithValue(item.Sequence);
        insert.Parameters.AddWithValue(item.Epoch);
        insert.Parameters.AddWithValue(item.Ciphertext);
        insert.Parameters.AddWithValue(item.PostedAt);
        insert.Parameters.AddWithValue(item.ClientId);
        insert.Parameters.AddWithValue(item.Author is { } author ? author : DBNull.Value);
        return trail.CommitAsync(insert, [record], cancellationToken);
    }

    public async Task<long?> SequenceOfAsync(Guid ownerId, Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT seq FROM encrypted_item WHERE owner_id = $1 AND client_id = $2");
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(clientId);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    public async Task<IReadOnlyList<StoredItem>> ReadAsync(Guid ownerId, long fromSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, epoch, ciphertext, posted_at, author_id, deleted_at FROM encrypted_item WHERE owner_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3");
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(fromSequence);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new StoredItem(
                reader.GetInt64(0), reader.GetInt32(1), (byte[])reader[2], reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return items;
    }

    public async Task<long> LastSequenceAsync(Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(seq), 0) FROM encrypted_item WHERE owner_id = $1");
        command.Parameters.AddWithValue(ownerId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> EraseAsync(Guid ownerId, long sequence, Guid author, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE encrypted_item SET ciphertext = '\x'::bytea, deleted_at = $4
            WHERE owner_id = $1 AND seq = $2 AND author_id = $3 AND deleted_at IS NULL
            """);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(sequence);
        command.Parameters.AddWithValue(author);
        command.Parameters.AddWithValue(at);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
