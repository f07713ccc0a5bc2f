using Collab.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Collab.WebTests.Account;

public sealed class TermsVersion2Factory : CollabWebFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Terms:Version", "2");
    }
}
