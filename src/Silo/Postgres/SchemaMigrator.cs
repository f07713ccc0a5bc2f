using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>
/// Applies the SQL files under Postgres/Migrations in order, each in its own transaction, and
/// records them in <c>schema_version</c>. Safe to run from several processes at once: an advisory
/// lock serialises them, and an applied migration is never run again.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Arbitrary constant shared by every Collab process: "collab" in ASCII.
    private const long MigrationLockKey = 0x636f6c6c6162;

    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded();

    /// <summary>Applies what is missing; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        // A session lock around everything, the CREATE TABLE included: PostgreSQL's IF NOT EXISTS
        // is not safe against a concurrent creator.
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null,
                """
                CREATE TABLE IF NOT EXISTS schema_version (
                  version    integer PRIMARY KEY,
                  name       text NOT NULL,
                  applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = new List<int>();
            foreach (var migration in All)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var check = new NpgsqlCommand("SELECT 1 FROM schema_version WHERE version = $1", connection, transaction))
                {
                    check.Parameters.AddWithValue(migration.Version);
                    if (await check.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        continue;
                    }
                }

                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.AddWithValue(migration.Version);
                    record.Parameters.AddWithValue(migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied.Add(migration.Version);
                LogApplied(migration.Version, migration.Name);
            }

            return applied;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Migration.FromResource(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);

    /// <summary>One migration: <c>NNNN_name.sql</c>.</summary>
    public sealed record Migration(int Version, string Name, string Sql)
    {
        internal static Migration FromResource(Assembly assembly, string resourceName)
        {
            var fileName = resourceName["Migrations.".Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resourceName)!;
            using var reader = new StreamReader(stream);
            return new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd());
        }
    }
}
