using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Audit;

/// <summary>Runs <see cref="AuditRetention.PurgeAsync"/> a minute after start, then hourly (one silo at a time).</summary>
public sealed partial class AuditRetentionService(AuditRetention retention, TimeProvider clock, ILogger<AuditRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(Period, clock);
            do
            {
                try
                {
                    foreach (var purge in await retention.PurgeAsync(stoppingToken))
                    {
                        LogPurged(logger, purge.Events, purge.Category, purge.FirstSegment, purge.LastSegment);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trace retention: purged {Events} {Category} events (segments {First} to {Last})")]
    private static partial void LogPurged(ILogger logger, long events, Grains.Audit.AuditCategory category, int first, int last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace retention: the purge failed; it runs again within the hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
