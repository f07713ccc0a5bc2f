using Collab.Grains.Consultations;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary><see cref="IAttachmentStore"/> on <c>attachment_chunk</c>: the ciphertext in 256 KiB rows, written in one transaction.</summary>
public sealed class PostgresAttachmentStore(NpgsqlDataSource dataSource, TimeProvider clock) : IAttachmentStore
{
    private const int RowBytes = 256 * 1024;

    public async Task WriteAsync(Guid ownerId, Guid fileId, Stream ciphertext, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var buffer = new byte[RowBytes];
        var storedAt = clock.GetUtcNow();
        for (var index = 0; ; index++)
        {
            var length = await ciphertext.ReadAtLeastAsync(buffer, RowBytes, throwOnEndOfStream: false, cancellationToken);
            if (length == 0 && index > 0)
            {
                break;
            }

            await using var command = new NpgsqlCommand("INSERT INTO attachment_chunk (owner_id, file_id, chunk_index, data, stored_at) VALUES ($1, $2, $3, $4, $5)", connection, transaction);
            command.Parameters.AddWithValue(ownerId);
            command.Parameters.AddWithValue(fileId);
            command.Parameters.AddWithValue(index);
            command.Parameters.AddWithValue(buffer.AsSpan(0, length).ToArray());
            command.Parameters.AddWithValue(storedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (length < RowBytes)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> ReadAsync(Guid ownerId, Guid fileId, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT data FROM attachment_chunk WHERE owner_id = $1 AND file_id = $2 ORDER BY chunk_index");
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(fileId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var found = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            found = true;
            await using var chunk = reader.GetStream(0);
            await chunk.CopyToAsync(destination, cancellationToken);
        }

        return found;
    }
}
