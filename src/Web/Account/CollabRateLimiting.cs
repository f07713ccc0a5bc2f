using System.Threading.RateLimiting;
using Collab.Crypto;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Collab.Web.Account;

/// <summary>ASP.NET Core's rate limiter, partitioned by client address, answering 429 with Retry-After and a problem body.</summary>
public static class CollabRateLimiting
{
    public static IServiceCollection AddCollabRateLimiting(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(PasswordKdf.Default);
        services.AddSingleton<PasswordWork>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitOptions.Credentials, http => RateLimitPartition.GetFixedWindowLimiter(
                Address(http), _ => new FixedWindowRateLimiterOptions { PermitLimit = options.CredentialsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.AddPolicy(RateLimitOptions.Registration, http => RateLimitPartition.GetFixedWindowLimiter(
                Address(http), _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RegistrationsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests from this address; try again later.",
                        Extensions = { ["code"] = "TooManyRequests" },
                    },
                });
            };
        });
        return services;
    }

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
