using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>Setting <c>Database:ConnectionString</c> (COLLAB_DATABASE__CONNECTIONSTRING).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>An Npgsql connection string. <c>./collab run</c> sets it to its local cluster.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The connection string every component uses: the configured one with the session time zone
    /// pinned to UTC, so timestamps mean the same whatever the server's default.
    /// </summary>
    public string EffectiveConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Timezone = "UTC" }.ConnectionString;
}
