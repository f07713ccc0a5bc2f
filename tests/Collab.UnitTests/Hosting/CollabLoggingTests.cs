using Collab.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.UnitTests.Hosting;

public sealed class CollabLoggingTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher")]
    [InlineData("Microsoft.AspNetCore.Http.Connections.Internal.HttpConnectionDispatcher")]
    [InlineData("Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost")]
    public void Categories_that_log_what_users_send_stay_at_information_whatever_is_asked(string category)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.SignalR"] = "Trace", // someone diagnosing the hub
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.AddCollabLogging(LogFormat.Plain);
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Trace); // and a provider asked for everything
        using var host = builder.Build();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_clamp_never_makes_a_quieter_category_louder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddCollabLogging(LogFormat.Plain); // Microsoft.AspNetCore at Warning
        using var host = builder.Build();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.SignalR.HubConnectionHandler");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }
}
