using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Grains.Mailboxes;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary><see cref="IMailStore"/> on <c>mail_item</c>. Places are given by the mailbox's grain, one at a time.</summary>
public sealed class PostgresMailStore(NpgsqlDataSource dataSource) : IMailStore
{
    private const string Columns = "seq, message_id, folder, seen, sender_id, received_at, size, attachments, sealed_key, ciphertext, key_version, flagged";

    public async Task<string> AddressAsync(Guid mailbox, string local, string domain, CancellationToken cancellationToken = default)
    {
        for (var n = 1; ; n++)
        {
            await using var command = dataSource.CreateCommand(
                """
                WITH claimed AS (
                  INSERT INTO mail_address (address, mailbox_id) VALUES ($2, $1) ON CONFLICT DO NOTHING RETURNING address)
                SELECT address FROM claimed UNION ALL SELECT address FROM mail_address WHERE mailbox_id = $1
                """);
            command.Parameters.AddWithValue(mailbox);
            command.Parameters.AddWithValue($"{local}{(n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))}@{domain}");
            if (await command.ExecuteScalarAsync(cancellationToken) is string address)
            {
                return address; // newly claimed, or the one this mailbox holds already
            }
        }
    }

    public async Task<bool> ClaimAsync(Guid mailbox, string address, MailboxKind kind, Guid? structure, CancellationToken cancellationToken = default)
    {
        // Claimed now, or by this very mailbox before (a retried creation).
        await using var command = dataSource.CreateCommand(
            """
            WITH claimed AS (
              INSERT INTO mail_address (address, mailbox_id, kind, structure_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM claimed) OR EXISTS (SELECT 1 FROM mail_address WHERE address = $1 AND mailbox_id = $2)
            """);
        command.Parameters.AddWithValue(address);
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue((short)kind);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = structure is { } s ? s : DBNull.Value });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<Guid?> MailboxOfAsync(string address, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT mailbox_id FROM mail_address WHERE address = lower($1)");
        command.Parameters.AddWithValue(address.Trim());
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    public async Task SetReadersAsync(Guid mailbox, IReadOnlyCollection<Guid> readers, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH gone AS (DELETE FROM mail_reader WHERE mailbox_id = $1 AND NOT practitioner_id = ANY($2))
            INSERT INTO mail_reader (mailbox_id, practitioner_id) SELECT $1, unnest($2) ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue(readers.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> SharedAsync(Guid? reader, Guid? structure, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT a.mailbox_id FROM mail_address a
            WHERE a.kind <> 0 AND ($2::uuid IS NULL OR a.structure_id = $2)
              AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM mail_reader r WHERE r.mailbox_id = a.mailbox_id AND r.practitioner_id = $1))
            ORDER BY a.address
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = reader is { } r ? r : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = structure is { } s ? s : DBNull.Value });
        var found = new List<Guid>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            found.Add(rows.GetGuid(0));
        }

        return found;
    }

    public async Task ForgetFilesAsync(Guid message, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM attachment_chunk c WHERE c.owner_id = $1 AND NOT EXISTS (SELECT 1 FROM mail_item m WHERE m.message_id = $1)");
        command.Parameters.AddWithValue(message);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> AddAsync(Guid mailbox, MailDelivery delivery, MailFolder folder, Guid? from, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH existing AS (SELECT seq, folder FROM mail_item WHERE mailbox_id = $1 AND message_id = $2),
            redrafted AS (
              UPDATE mail_item SET folder = $3, sender_id = $4, received_at = $5, size = $6, attachments = $7, sealed_key = $8, ciphertext = $9, key_version = $10
              WHERE mailbox_id = $1 AND message_id = $2 AND folder = 5 AND $4 = $1 -- only the holder's own filing replaces their draft
              RETURNING seq),
            added AS (
              INSERT INTO mail_item (mailbox_id, seq, message_id, folder, sender_id, received_at, size, attachments, sealed_key, ciphertext, key_version)
              SELECT $1, COALESCE((SELECT max(seq) FROM mail_item WHERE mailbox_id = $1), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10
              WHERE NOT EXISTS (SELECT 1 FROM existing)
              RETURNING seq)
            SELECT seq FROM added UNION ALL SELECT seq FROM redrafted UNION ALL SELECT seq FROM existing WHERE NOT EXISTS (SELECT 1 FROM redrafted)
            """);
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue(delivery.MessageId);
        command.Parameters.AddWithValue((short)folder);
        command.Parameters.AddWithValue(from is { } f ? f : DBNull.Value);
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(delivery.SealedKey.Length + delivery.Ciphertext.Length);
        command.Parameters.AddWithValue((short)delivery.Attachments);
        command.Parameters.AddWithValue(delivery.SealedKey);
        command.Parameters.AddWithValue(delivery.Ciphertext);
        command.Parameters.AddWithValue(delivery.KeyVersion);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<MailEntry>> ListAsync(Guid mailbox, MailFolder folder, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM mail_item WHERE mailbox_id = $1 AND folder = $2 ORDER BY seq DESC OFFSET $3 LIMIT $4");
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue((short)folder);
        command.Parameters.AddWithValue(skip);
        command.Parameters.AddWithValue(take);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<MailEntry?> GetAsync(Guid mailbox, long sequence, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM mail_item WHERE mailbox_id = $1 AND seq = $2");
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue(sequence);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> UpdateAsync(Guid mailbox, long sequence, MailFolder? folder, bool? seen, bool? flagged = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE mail_item SET folder = COALESCE($3, folder), seen = COALESCE($4, seen), flagged = COALESCE($5, flagged) WHERE mailbox_id = $1 AND seq = $2");
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue(sequence);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint, Value = folder is { } f ? (short)f : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean, Value = seen is { } s ? s : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean, Value = flagged is { } g ? g : DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task MoveAllAsync(Guid mailbox, MailFolder from, MailFolder to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE mail_item SET folder = $3 WHERE mailbox_id = $1 AND folder = $2");
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue((short)from);
        command.Parameters.AddWithValue((short)to);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid mailbox, long sequence, CancellationToken cancellationToken = default) =>
        await DeleteAsync(mailbox, [sequence], cancellationToken) == 1;

    public async Task<IReadOnlyList<(long Sequence, byte[] SealedKey)>> ArrivedBeforeAsync(Guid mailbox, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT seq, sealed_key FROM mail_item WHERE mailbox_id = $1 AND received_at < $2 ORDER BY seq");
        command.Parameters.AddWithValue(mailbox);
        command.Parameters.AddWithValue(before);
        var found = new List<(long, byte[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        }

        return found;
    }

    // The rows go; a message's attachment files (stored once, under its id) go with the last mailbox that held it.
    public async Task<int> DeleteAsync(Guid mailbox, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var messages = new List<Guid>();
        await using (var delete = new NpgsqlCommand("DELETE FROM mail_item WHERE mailbox_id = $1 AND seq = ANY($2) RETURNING message_id", connection, transaction))
        {
            delete.Parameters.AddWithValue(mailbox);
            delete.Parameters.AddWithValue(sequences.ToArray());
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(reader.GetGuid(0));
            }
        }

        await using (var files = new NpgsqlCommand(
            "DELETE FROM attachment_chunk c WHERE c.owner_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM mail_item m WHERE m.message_id = c.owner_id)", connection, transaction))
        {
            files.Parameters.AddWithValue(messages.ToArray());
            await files.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return messages.Count;
    }

    public async Task<(IReadOnlyDictionary<MailFolder, int> Counts, int Unread)> CountAsync(Guid mailbox, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT folder, count(*), count(*) FILTER (WHERE NOT seen) FROM mail_item WHERE mailbox_id = $1 GROUP BY folder");
        command.Parameters.AddWithValue(mailbox);
        var counts = Enum.GetValues<MailFolder>().ToDictionary(f => f, _ => 0);
        var unread = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var folder = (MailFolder)reader.GetInt16(0);
            counts[folder] = (int)reader.GetInt64(1);
            unread += folder == MailFolder.Inbox ? (int)reader.GetInt64(2) : 0;
        }

        return (counts, unread);
    }

    private static async Task<IReadOnlyList<MailEntry>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<MailEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new MailEntry(
                reader.GetInt64(0), reader.GetGuid(1), (MailFolder)reader.GetInt16(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : new PractitionerId(reader.GetGuid(4)), reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt32(6), reader.GetInt16(7), reader.GetFieldValue<byte[]>(8), reader.GetFieldValue<byte[]>(9), reader.GetInt32(10), reader.GetBoolean(11)));
        }

        return entries;
    }
}
