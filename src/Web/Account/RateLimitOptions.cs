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
