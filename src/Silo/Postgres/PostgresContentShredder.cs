using Collab.Grains.Retention;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>
/// <see cref="IContentShredder"/> on PostgreSQL: every table keyed by an owner id. A table added for
/// a new kind of owned content (conversation items, mailbox items) is added to <see cref="Tables"/>.
/// </summary>
public sealed class PostgresContentShredder(NpgsqlDataSource dataSource) : IContentShredder
{
    // (name in the certificate, table, owner column, what to count, the rows of a scope or null when a scope keeps
    // them all: $2 is the last epoch destroyed, $3 the instant files stored before go). Names and SQL are constants.
    private static readonly (string Name, string Table, string Owner, string Count, string? InScope)[] Tables =
    [
        ("ciphertextItems", "encrypted_item", "owner_id", "count(*)", "epoch <= $2"),
        ("attachmentFiles", "attachment_chunk", "owner_id", "count(DISTINCT file_id)", "stored_at < $3"),
        ("attachmentChunks", "attachment_chunk", "owner_id", "count(*)", "stored_at < $3"),
        ("indexEntries", "consultation_index", "consultation_id", "count(*)", null),
    ];

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(Guid ownerId, ShredScope? scope = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        var counts = new Dictionary<string, long>();
        foreach (var (name, table, owner, count, inScope) in Tables.Where(t => scope is null || t.InScope is not null))
        {
            await using var command = Command($"SELECT {count} FROM {table}", owner, inScope, ownerId, scope, connection);
            counts[name] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    public async Task ShredAsync(Guid ownerId, ShredScope? scope = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (table, owner, inScope) in Tables.Where(t => scope is null || t.InScope is not null).Select(t => (t.Table, t.Owner, t.InScope)).Distinct())
        {
            await using var command = Command($"DELETE FROM {table}", owner, inScope, ownerId, scope, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(string statement, string owner, string? inScope, Guid ownerId, ShredScope? scope, NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var command = new NpgsqlCommand(scope is null ? $"{statement} WHERE {owner} = $1" : $"{statement} WHERE {owner} = $1 AND {inScope}", connection, transaction);
        command.Parameters.AddWithValue(ownerId);
        if (scope is not null)
        {
            command.Parameters.AddWithValue(scope.ThroughEpoch);
            command.Parameters.AddWithValue(scope.StoredBefore);
        }

        return command;
    }
}
