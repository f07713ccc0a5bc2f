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
    /// pinned to UTC, so timestamps mean the same whatever the server's default, at most
    /// <see cref="DefaultMaxPoolSize"/> connections per pool and statements prepared once they repeat
    /// (<see cref="DefaultMaxAutoPrepare"/>) unless it says otherwise.
    /// </summary>
    public string EffectiveConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timezone = "UTC" };
        if (!Names("Maximum Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Names("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// A process holds two pools (its own and Orleans'). Npgsql's default (100 each) let a burst — a thousand clients
    /// joining again after a failover — open connections until PostgreSQL refused them ("too many clients"); at 30 each,
    /// the 500 clients of a lost web node still made the survivor and two silos open 69 connections within 4 s, each a
    /// new server process and a SCRAM exchange in the middle of the storm. At 10, 27 — and the live path at 1,000
    /// messages a second uses 0–1 connections at a time (the posts of a moment share a commit). A request waits for a
    /// pooled connection instead.
    /// </summary>
    public const int DefaultMaxPoolSize = 10;

    /// <summary>
    /// Each connection keeps up to this many statements prepared once they have run five times: the same few statements
    /// run thousands of times a second (an item, its audit record, grain state), and without it PostgreSQL parsed and
    /// planned every one of them again.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 100;

    // Whether the configured connection string sets the keyword under one of its names.
    private bool Names(params string[] keywords) =>
        ConnectionString?.Split(';').Any(part => keywords.Any(k => part.Split('=')[0].Trim().Equals(k, StringComparison.OrdinalIgnoreCase))) == true;
}
