using Collab.Silo.Audit;
using Collab.Silo.Postgres;
using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Every setting a Collab process reads, validated as a whole at start-up. Documented in README
/// ("Settings"); each is also an environment variable (COLLAB_ + path with __ for :).
/// </summary>
public sealed record CollabSettings(DatabaseOptions Database, ClusterSettings Cluster, AuditOptions Audit, LogFormat LogFormat)
{
    public static CollabSettings Load(IConfiguration configuration)
    {
        var connectionString = configuration["Database:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidSettingException("Database:ConnectionString", "is required (./collab run sets it to its local PostgreSQL)");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            throw new InvalidSettingException("Database:ConnectionString", "must be an Npgsql connection string such as Host=db;Database=collab;Username=collab;Password=…");
        }

        var cluster = new ClusterSettings(
            configuration.ReadEnum("Cluster:Mode", ClusterMode.Local),
            configuration.ReadText("Cluster:ClusterId", "collab"),
            configuration.ReadText("Cluster:ServiceId", "collab"),
            configuration.ReadPort("Cluster:SiloPort", 11111),
            configuration.ReadPort("Cluster:GatewayPort", 30000),
            configuration.ReadAddress("Cluster:AdvertisedAddress"));

        var audit = new AuditOptions
        {
            SigningKeyPath = configuration.ReadText("Audit:SigningKeyPath", Path.Combine(".collab", "keys", "audit-signing.key")),
            SegmentSize = configuration.ReadInteger("Audit:SegmentSize", 10_000, 1, 10_000_000),
        };

        return new CollabSettings(
            new DatabaseOptions { ConnectionString = connectionString },
            cluster,
            audit,
            configuration.ReadEnum("Logging:Format", LogFormat.Plain));
    }
}

/// <summary>How logs are written to the console.</summary>
public enum LogFormat
{
    Plain,
    Json,
}
