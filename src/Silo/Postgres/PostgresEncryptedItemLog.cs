using Collab.Grains.Consultations;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary><see cref="IEncryptedItemLog"/> on the <c>encrypted_item</c> table.</summary>
public sealed class PostgresEncryptedItemLog(NpgsqlDataSource dataSource) : IEncryptedItemLog
{
    public async Task<bool> AppendAsync(Guid ownerId, NewItem item, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO encrypted_item (owner_id, seq, epoch, ciphertext, posted_at, client_id, author_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(item.Sequence);
        command.Parameters.AddWithValue(item.Epoch);
        command.Parameters.AddWithValue(item.Ciphertext);
        command.Parameters.AddWithValue(item.PostedAt);
        command.Parameters.AddWithValue(item.ClientId);
        command.Parameters.AddWithValue(item.Author is { } author ? author : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
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
