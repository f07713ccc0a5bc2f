using Collab.Grains.Retention;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>
/// <see cref="IContentShredder"/> on PostgreSQL: every table keyed by an owner id. A table added for
/// a new kind of owned content (conversation items, mailbox items) is added to <see cref="Tables"/>.
/// </summary>
public sealed class PostgresContentShredder(NpgsqlDataSource dataSource) : IContentShredder
{
    // (name in the certificate, table, owner column, what to count). Names and SQL are constants.
    private static readonly (string Name, string Table, string Owner, string Count)[] Tables =
    [
        ("ciphertextItems", "encrypted_item", "owner_id", "count(*)"),
        ("attachmentFiles", "attachment_chunk", "owner_id", "count(DISTINCT file_id)"),
        ("attachmentChunks", "attachment_chunk", "owner_id", "count(*)"),
        ("indexEntries", "consultation_index", "consultation_id", "count(*)"),
    ];

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = new Dictionary<string, long>();
        foreach (var (name, table, owner, count) in Tables)
        {
            await using var command = new NpgsqlCommand($"SELECT {count} FROM {table} WHERE {owner} = $1", connection);
            command.Parameters.AddWithValue(ownerId);
            counts[name] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    public async Task ShredAsync(Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (table, owner) in Tables.Select(t => (t.Table, t.Owner)).Distinct())
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE {owner} = $1", connection, transaction);
            command.Parameters.AddWithValue(ownerId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
