using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace Collab.Silo.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: database reachable and silo active.</summary>
    public static IEndpointRouteBuilder MapCollabHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) });
        return endpoints;
    }
}
