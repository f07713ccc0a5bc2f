using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Collab.Silo.Hosting;

/// <summary>The database answers a trivial query within two seconds.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
