using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Silo.Hosting;

/// <summary>
/// In a silo: the local silo is Active in the membership. In a client: at least one active
/// silo answers the management grain.
/// </summary>
internal sealed class OrleansHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ILocalSiloDetails>() is { } local)
        {
            var membership = services.GetRequiredService<IClusterMembershipService>();
            var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
            return status == SiloStatus.Active ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"silo is {status}");
        }

        try
        {
            var client = services.GetRequiredService<IClusterClient>();
            var hosts = await client.Grain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return hosts.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException or Contracts.Errors.DomainException)
        {
            return HealthCheckResult.Unhealthy("cluster unreachable");
        }
    }
}
