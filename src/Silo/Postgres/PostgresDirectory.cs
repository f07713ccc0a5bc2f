using System.Globalization;
using System.Text;
using Collab.Contracts.Directory;
using Collab.Contracts.Practitioners;
using Collab.Grains.Directory;
using Npgsql;
using NpgsqlTypes;

namespace Collab.Silo.Postgres;

/// <summary><see cref="IDirectory"/> on <c>directory_entry</c> and <c>account_claim</c>.</summary>
public sealed class PostgresDirectory(NpgsqlDataSource dataSource) : IDirectory
{
    public const int MaxPageSize = 100;

    public async Task<string?> ClaimAsync(Guid practitioner, string email, string identifier, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (kind, value) in new[] { ("email", email), ("identifier", identifier) })
        {
            await using var claim = new NpgsqlCommand(
                """
                INSERT INTO account_claim (kind, value, practitioner_id) VALUES ($1, $2, $3)
                ON CONFLICT (kind, value) DO UPDATE SET kind = excluded.kind
                RETURNING practitioner_id
                """, connection, transaction);
            claim.Parameters.AddWithValue(kind);
            claim.Parameters.AddWithValue(value);
            claim.Parameters.AddWithValue(practitioner);
            if ((Guid)(await claim.ExecuteScalarAsync(cancellationToken))! != practitioner)
            {
                await transaction.RollbackAsync(cancellationToken);
                return kind == "identifier" ? "identifier.number" : kind;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async Task UpsertAsync(DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO directory_entry (id, kind, name, search_key, profession, specialty, structure_id, structure_name, city, phone, identifier, listed, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, search_key = excluded.search_key,
              profession = excluded.profession, specialty = excluded.specialty, structure_id = excluded.structure_id,
              structure_name = excluded.structure_name, city = excluded.city, phone = excluded.phone,
              identifier = excluded.identifier, listed = excluded.listed, status = excluded.status, updated_at = now()
            """);
        command.Parameters.AddWithValue(entry.Id);
        command.Parameters.AddWithValue((short)entry.Kind);
        command.Parameters.AddWithValue(entry.Name);
        command.Parameters.AddWithValue(SearchKey(entry.Name));
        AddText(command, entry.Profession);
        AddText(command, entry.Specialty);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)entry.Structure ?? DBNull.Value });
        AddText(command, entry.StructureName);
        AddText(command, entry.City);
        AddText(command, entry.Phone);
        AddText(command, entry.Identifier);
        command.Parameters.AddWithValue(entry.Listed);
        AddText(command, entry.Status);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DirectoryPage> SearchAsync(DirectoryQuery query, Guid? searcher = null, CancellationToken cancellationToken = default)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {EntryColumns}, count(*) OVER ()
            FROM directory_entry
            WHERE (listed OR ($9::uuid IS NOT NULL AND kind = {(short)DirectoryKind.Practitioner} AND status = '{nameof(AccountStatus.Active)}' AND EXISTS (
                     SELECT 1 FROM consultation_index c
                     WHERE c.requested_at IS NOT NULL
                       AND ((c.requester_id = $9 AND directory_entry.id IN (c.required_practitioner, c.accepted_by))
                         OR (c.requester_id = directory_entry.id AND $9 IN (c.required_practitioner, c.accepted_by))))))
              AND ($1::text IS NULL OR search_key LIKE '%' || $1 || '%')
              AND ($2::smallint IS NULL OR kind = $2)
              AND ($3::text IS NULL OR lower(profession) = lower($3))
              AND ($4::text IS NULL OR lower(specialty) LIKE '%' || lower($4) || '%')
              AND ($5::uuid IS NULL OR structure_id = $5)
              AND ($6::text IS NULL OR lower(city) = lower($6))
            ORDER BY search_key, id
            LIMIT $7 OFFSET $8
            """);
        AddText(command, string.IsNullOrWhiteSpace(query.Text) ? null : Escape(SearchKey(query.Text)));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Smallint, Value = query.Kind is { } kind ? (short)kind : DBNull.Value });
        AddText(command, Blank(query.Profession));
        AddText(command, Blank(query.Specialty) is { } specialty ? Escape(specialty) : null);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)query.Structure ?? DBNull.Value });
        AddText(command, Blank(query.City));
        command.Parameters.AddWithValue(size);
        command.Parameters.AddWithValue((page - 1) * size);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)searcher ?? DBNull.Value });

        var entries = new List<DirectoryEntry>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
            total = reader.GetInt64(reader.FieldCount - 1); // the count after the entry's columns
        }

        return new DirectoryPage(entries, page, size, total);
    }

    public async Task UpsertStructureAsync(StructureEntry structure, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO structure_entry (id, name, finess, city) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, finess = excluded.finess, city = excluded.city
            """);
        command.Parameters.AddWithValue(structure.Id);
        command.Parameters.AddWithValue(structure.Name);
        command.Parameters.AddWithValue(structure.Finess);
        command.Parameters.AddWithValue(structure.City);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StructureEntry>> StructuresAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, finess, city FROM structure_entry ORDER BY name, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var structures = new List<StructureEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            structures.Add(new StructureEntry(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return structures;
    }

    public async Task<IReadOnlyList<DirectoryEntry>> PendingAsync(IReadOnlyCollection<Guid>? structures, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {EntryColumns}
            FROM directory_entry
            WHERE status = 'Pending' AND ($1::uuid[] IS NULL OR structure_id = ANY($1))
            ORDER BY updated_at, id LIMIT 200
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = (object?)structures?.ToArray() ?? DBNull.Value });
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<DirectoryEntry>> EntriesAsync(Guid structure, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {EntryColumns}
            FROM directory_entry WHERE structure_id = $1 ORDER BY kind, name, id
            """);
        command.Parameters.AddWithValue(structure);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM directory_entry WHERE id = $1") { Parameters = { new() { Value = id } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM account_claim WHERE practitioner_id = $1") { Parameters = { new() { Value = id } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM structure_entry WHERE id = $1") { Parameters = { new() { Value = id } } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // The columns ReadEntry reads, in its order.
    // A practitioner's secure mail address comes with their entry (and so the red list hides it with them).
    private const string EntryColumns = "id, kind, name, profession, specialty, structure_id, structure_name, city, phone, identifier, listed, status, (SELECT a.address FROM mail_address a WHERE a.mailbox_id = directory_entry.id)";

    private static async Task<IReadOnlyList<DirectoryEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<DirectoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    private static DirectoryEntry ReadEntry(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), (DirectoryKind)reader.GetInt16(1), reader.GetString(2), Text(reader, 3), Text(reader, 4),
        reader.IsDBNull(5) ? null : reader.GetGuid(5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9),
        reader.GetBoolean(10), Text(reader, 11), Text(reader, 12));

    public async Task<Guid?> FindByIdentifierAsync(ProfessionalIdentifier identifier, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT practitioner_id FROM account_claim WHERE kind = 'identifier' AND value = $1");
        command.Parameters.AddWithValue(AccountClaims.Identifier(identifier));
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    public async Task<bool> MoveEmailAsync(Guid practitioner, string from, string to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE account_claim SET value = $3
            WHERE kind = 'email' AND value = $2 AND practitioner_id = $1
              AND NOT EXISTS (SELECT 1 FROM account_claim WHERE kind = 'email' AND value = $3)
            """);
        command.Parameters.AddWithValue(practitioner);
        command.Parameters.AddWithValue(from.Trim().ToLowerInvariant());
        command.Parameters.AddWithValue(to.Trim().ToLowerInvariant());
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false; // claimed by another account at the same moment
        }
    }

    public async Task<Guid?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT practitioner_id FROM account_claim WHERE kind = 'email' AND value = $1");
        command.Parameters.AddWithValue(email.Trim().ToLowerInvariant());
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>Lower case without accents, so that "Hélène" matches "helene".</summary>
    public static string SearchKey(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                key.Append(c);
            }
        }

        return key.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // LIKE wildcards typed by a user are matched literally.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static void AddText(NpgsqlCommand command, string? value) =>
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value });

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
