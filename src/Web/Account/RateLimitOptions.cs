using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Collab.Web.Account;

/// <summary>
/// Settings under <c>RateLimit:</c> (README "Settings"): how many credential requests one address may make, and
/// how many password hashes one node runs at once. Per-account limits (login throttle, one-time codes) live in the
/// grains, so they hold across nodes.
/// </summary>
public sealed record RateLimitOptions(int CredentialsPerMinute, int RegistrationsPerHour, int ConcurrentPasswordHashes, TimeSpan PasswordQueueWait)
{
    /// <summary>The policy of every endpoint that checks a password, a code or a recovery code.</summary>
    public const string Credentials = "credentials";

    /// <summary>The policy of registration (one Argon2id run and a stored account each).</summary>
    public const string Registration = "registration";

    public static RateLimitOptions Read(IConfiguration configuration)
    {
        int Read(string key, int fallback, int min, int max)
        {
            var text = configuration[key];
            if (text is null)
            {
                return fallback;
            }

            return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new Silo.Hosting.InvalidSettingException(key, $"must be a whole number from {min} to {max}");
        }

        return new RateLimitOptions(
            // A hospital's users often share one address (NAT): the per-address limits bound a single client's
            // volume; each identifier's guesses are bounded by the login throttle.
            Read("RateLimit:CredentialsPerMinute", 300, 1, 1_000_000),
            Read("RateLimit:RegistrationsPerHour", 100, 1, 1_000_000),
            Read("RateLimit:ConcurrentPasswordHashes", Math.Max(2, Environment.ProcessorCount), 1, 1024),
            TimeSpan.FromMilliseconds(Read("RateLimit:PasswordQueueMilliseconds", 2000, 0, 60_000)));
    }
}

/// <summary>ASP.NET Core's rate limiter, partitioned by client address, answering 429 with Retry-After and a problem body.</summary>
public static class CollabRateLimiting
{
    public static IServiceCollection AddCollabRateLimiting(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddSingleton(options);
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
