using Collab.Silo.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Collab.Testing;

/// <summary>
/// A fresh, migrated PostgreSQL database for one test class, dropped afterwards. The server is the
/// one <c>./collab test</c> starts; it passes the administrative connection in
/// COLLAB_TEST_ADMIN_CONNECTIONSTRING.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string AdminVariable = "COLLAB_TEST_ADMIN_CONNECTIONSTRING";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates an empty database; <paramref name="migrate"/> applies every migration to it.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var admin = Environment.GetEnvironmentVariable(AdminVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException($"{AdminVariable} is not set: run the tests with ./collab test, which starts PostgreSQL.");
        }

        var name = "collab_test_" + Guid.NewGuid().ToString("N")[..12];
        var template = migrate ? await MigratedTemplateAsync(admin) : null;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            var from = template is null ? "" : $" TEMPLATE {template}";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{from}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(name, ConnectionStringFor(admin, name));
    }

    private static string ConnectionStringFor(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Timezone = "UTC" }.ConnectionString;

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    /// <summary>
    /// A database with every migration applied, named by a hash of the migrations, that the tests' databases are
    /// copied from (a copy takes a few milliseconds; migrating takes half a second). Built once per server: test
    /// processes running side by side wait on an advisory lock, and a changed migration gets a template of its own.
    /// </summary>
    private static async Task<string> MigratedTemplateAsync(string admin)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                string.Join("\n", SchemaMigrator.All.Select(m => $"{m.Version}:{m.Name}:{m.Sql}"))));
            var template = "collab_template_" + Convert.ToHexString(digest)[..16].ToLowerInvariant();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using (var wait = new NpgsqlCommand("SELECT pg_advisory_lock(7243901)", connection))
            {
                await wait.ExecuteNonQueryAsync();
            }

            try
            {
                await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
                exists.Parameters.AddWithValue("name", template);
                if ((long)(await exists.ExecuteScalarAsync())! == 0)
                {
                    // Templates of earlier migrations are of no more use.
                    var stale = new List<string>();
                    await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'collab\\_template\\_%'", connection))
                    await using (var reader = await list.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                        {
                            stale.Add(reader.GetString(0));
                        }
                    }

                    foreach (var name in stale)
                    {
                        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                        await drop.ExecuteNonQueryAsync();
                    }

                    var building = template + "_building";
                    await using (var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {building} WITH (FORCE); CREATE DATABASE {building}", connection))
                    {
                        await create.ExecuteNonQueryAsync();
                    }

                    await using (var source = NpgsqlDataSource.Create(ConnectionStringFor(admin, building) + ";Pooling=false"))
                    {
                        await new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).ApplyAsync();
                    }

                    await using var rename = new NpgsqlCommand($"ALTER DATABASE {building} RENAME TO {template}", connection);
                    await rename.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(7243901)", connection);
                await release.ExecuteNonQueryAsync();
            }

            return _template = template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    public SchemaMigrator Migrator() => new(DataSource, NullLogger<SchemaMigrator>.Instance);

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Every row of a query, each as its column values (DBNull as null).</summary>
    public async Task<IReadOnlyList<object?[]>> RowsAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var admin = Environment.GetEnvironmentVariable(AdminVariable)!;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Which of <paramref name="marker"/>'s forms appear in <paramref name="text"/>: itself, its UTF-8
    /// hex, its Base64 at the three alignments (the canary checks of "no plaintext at rest").
    /// </summary>
    public static IReadOnlyList<string> FormsFoundIn(string text, string marker)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(marker);
        // Shorter markers leave too little of their Base64 forms to search for (6 bytes leave nothing: found everywhere).
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes.Length, 10, nameof(marker));
        var forms = new List<string> { marker, Convert.ToHexString(bytes) };
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = Convert.ToBase64String([.. new byte[offset], .. bytes]);
            // Drop the characters that mix in the padding bytes and the unknown bytes after.
            forms.Add(shifted.Substring(4, shifted.Length - 8));
        }

        return forms.Where(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>
    /// Where a binary secret (a ciphertext, a sealed key, a file chunk) is in a dump: as raw bytes (bytea, hex in the
    /// dump) or as Base64 (JSON grain state, as text or as bytea). Empty when it is gone.
    /// </summary>
    public static IReadOnlyList<string> SecretFoundIn(string dump, byte[] secret)
    {
        var found = FormsFoundIn(dump, Convert.ToBase64String(secret)).ToList();
        if (dump.Contains(Convert.ToHexString(secret), StringComparison.OrdinalIgnoreCase))
        {
            found.Add("hex");
        }

        return found;
    }

    /// <summary>The whole database as pg_dump writes it (schema and data).</summary>
    public async Task<string> DumpAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(ConnectionString);
        var pgDump = System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists).Order().LastOrDefault() ?? "pg_dump";
        var start = new System.Diagnostics.ProcessStartInfo(pgDump)
        {
            ArgumentList = { "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", connection.Username!, "--dbname", connection.Database!, "--no-owner" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = connection.Password },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"pg_dump failed: {await error}");
    }
}
