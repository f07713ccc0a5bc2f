using Collab.Crypto;
using Collab.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Collab.WebTests.Security;

/// <summary>The platform with the per-address limits and the password-hashing bound set low, to see them answer.</summary>
public sealed class TightLimitsFactory : CollabWebFactory
{
    public TightLimitsFactory()
    {
        PasswordKdf = PasswordKdf.Default;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimit:CredentialsPerMinute", "6");
        builder.UseSetting("RateLimit:ConcurrentPasswordHashes", "1");
        builder.UseSetting("RateLimit:PasswordQueueMilliseconds", "0");
    }
}
