using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary>Work that one process at a time does across the cluster, under a PostgreSQL session advisory lock.</summary>
public static class AdvisoryLock
{
    /// <summary>
    /// Runs <paramref name="work"/> on a connection holding the lock <paramref name="lockClass"/>, or returns
    /// <paramref name="whenBusy"/> at once while another process holds it.
    /// </summary>
    public static async Task<T> TryRunAsync<T>(
        NpgsqlDataSource dataSource, int lockClass, T whenBusy, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenWithRetryAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, 0)", connection))
        {
            tryLock.Parameters.AddWithValue(lockClass);
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return whenBusy;
            }
        }

        try
        {
            return await work(connection);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1, 0)", connection);
            unlock.Parameters.AddWithValue(lockClass);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }
}
