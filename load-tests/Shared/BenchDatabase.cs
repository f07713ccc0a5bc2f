using Collab.Silo.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Collab.LoadTests;

/// <summary>A database of a benchmark's own on the local PostgreSQL: dropped and created again, with Collab's schema.</summary>
public static class BenchDatabase
{
    public static async Task<NpgsqlDataSource> CreateAsync(string adminConnectionString, string database)
    {
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
        }

        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync();
        return dataSource;
    }
}
