using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>
/// Holds one idle connection of its own to PostgreSQL and waits on it: a restart or a failover ends it the moment
/// the server goes down (57P01), long before a user's request would pick a dead connection from a pool. The pools
/// are then cleared, so that the platform's next commands open fresh connections; while the server is away the
/// watch reconnects, and says when it is back.
/// </summary>
public sealed partial class PostgresConnectionWatch(NpgsqlDataSource dataSource, Hosting.CollabSettings settings, ILogger<PostgresConnectionWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);
    private int _outages;
    private volatile bool _connected;

    /// <summary>How many times the watched connection was lost (and the pools cleared) since start-up.</summary>
    public int Outages => Volatile.Read(ref _outages);

    /// <summary>Whether the watched connection is open at the moment.</summary>
    public bool IsConnected => _connected;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Unpooled, with TCP keepalive: a server that vanishes without closing the connection is noticed too.
        var watched = new NpgsqlConnectionStringBuilder(settings.Database.EffectiveConnectionString()) { Pooling = false, KeepAlive = 5, ApplicationName = "collab-watch" }.ConnectionString;
        long? lostAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(watched);
                await connection.OpenAsync(stoppingToken);
                _connected = true;
                if (lostAt is { } since)
                {
                    LogBack(logger, (Environment.TickCount64 - since) / 1000.0);
                    lostAt = null;
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                _connected = false;
                if (lostAt is null)
                {
                    lostAt = Environment.TickCount64;
                    PostgresOutage.ClearPools(dataSource);
                    Interlocked.Increment(ref _outages);
                    LogLost(logger, (e as PostgresException)?.SqlState ?? e.GetType().Name);
                }

                await Task.Delay(Pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to PostgreSQL ({Reason}): idle connections dropped, commands wait for it to come back")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reachable again after {Seconds:0.0} s")]
    private static partial void LogBack(ILogger logger, double seconds);
}
