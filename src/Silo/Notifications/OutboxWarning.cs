using Collab.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Notifications;

/// <summary>
/// Outside Development, says at start-up when email or SMS still go to the development outbox, where
/// nobody reads them (login codes would never arrive).
/// </summary>
internal sealed partial class OutboxWarning(CollabSettings settings, IHostEnvironment environment, ILogger<OutboxWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            if (settings.Smtp is null)
            {
                LogUnconfigured("email", "Email:Smtp:Host");
            }

            if (settings.Twilio is null)
            {
                LogUnconfigured("SMS", "Sms:Twilio:AccountSid");
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Channel} provider is configured ({Setting}): messages, login codes included, go to the development outbox and are not delivered")]
    private partial void LogUnconfigured(string channel, string setting);
}
