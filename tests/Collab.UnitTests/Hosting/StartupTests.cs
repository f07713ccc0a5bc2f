using Collab.Silo.Hosting;
using Collab.Silo.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Collab.UnitTests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task An_unreachable_database_stops_start_up_with_one_line_naming_the_setting_and_no_password()
    {
        const string connectionString = "Host=127.0.0.1;Port=1;Database=collab;Username=collab;Password=very-secret;Timeout=3";
        var settings = CollabSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Database:ConnectionString", connectionString)]).Build());
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrations = new SchemaMigrationService(new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance), settings);

        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => migrations.StartAsync(CancellationToken.None));

        Assert.Equal(
            "Invalid setting Database:ConnectionString (COLLAB_DATABASE__CONNECTIONSTRING): cannot reach PostgreSQL at 127.0.0.1:1 (Failed to connect to 127.0.0.1:1)",
            error.Message);
        Assert.DoesNotContain("very-secret", error.Message, StringComparison.Ordinal);
    }
}
