using System.Net.Sockets;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>
/// What a PostgreSQL restart, failover or brief outage looks like from here, and how the platform rides it out.
/// A restart kills every pooled connection: the next command on one of them fails with 57P01 ("terminating
/// connection due to administrator command") although the server never ran it, and while the server is down
/// opening a connection fails. Those failures are retried (<see cref="RetryAsync{T}"/>) once the pools are
/// cleared; any other loss of the database (a connection dropped in the middle of a command, whose outcome is
/// unknown) is answered 503 with Retry-After (<see cref="IsUnavailable"/>), never as a server error.
/// </summary>
public static class PostgresOutage
{
    /// <summary>How long an operation waits for the database to come back before it is answered "unavailable".</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The server ran nothing: the connection could not be opened, or the server ended the session before or
    /// instead of running the command (57P01 admin shutdown, 57P02 crash shutdown, 57P03 starting up or shutting
    /// down), which rolls back whatever the session had not committed. Safe to run again on a fresh connection.
    /// </summary>
    public static bool NothingRan(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException { InnerException: SocketException or TimeoutException } => true, // "Failed to connect to …"
        _ => false,
    });

    /// <summary>The database cannot be reached or dropped the connection: try again in a moment (503), not a bug (500).</summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException p => NothingRan(p) || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState == PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.IsTransient,
        _ => false,
    });

    /// <summary>
    /// Runs <paramref name="operation"/>, and again on a fresh connection while the database is restarting
    /// (<see cref="NothingRan"/>), within <see cref="RetryBudget"/>. Any other failure, or the budget spent, is thrown.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> operation, NpgsqlDataSource? dataSource = null, CancellationToken cancellationToken = default)
    {
        var started = Environment.TickCount64;
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await operation();
            }
            catch (Exception e) when (NothingRan(e) && Environment.TickCount64 - started < (long)RetryBudget.TotalMilliseconds)
            {
                ClearPools(dataSource);
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    /// <inheritdoc cref="RetryAsync{T}(Func{Task{T}}, NpgsqlDataSource?, CancellationToken)"/>
    public static Task RetryAsync(Func<Task> operation, NpgsqlDataSource? dataSource = null, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            await operation();
            return true;
        }, dataSource, cancellationToken);

    /// <summary>An open connection, waiting for a restarting database (within <see cref="RetryBudget"/>) rather than failing at once.</summary>
    public static Task<NpgsqlConnection> OpenWithRetryAsync(this NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        RetryAsync(() => dataSource.OpenConnectionAsync(cancellationToken).AsTask(), dataSource, cancellationToken);

    /// <summary>Drops the idle connections of every pool (ours and Orleans'): after a restart each of them is dead.</summary>
    public static void ClearPools(NpgsqlDataSource? dataSource)
    {
        dataSource?.Clear();
        NpgsqlConnection.ClearAllPools();
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
