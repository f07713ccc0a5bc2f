using Collab.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Audit;

/// <summary>Runs <see cref="AuditRetention.PurgeAsync"/> a minute after start, then hourly (one silo at a time).</summary>
public sealed partial class AuditRetentionService(AuditRetention retention, TimeProvider clock, ILogger<AuditRetentionService> logger)
    : PeriodicService(clock, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1))
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var purge in await retention.PurgeAsync(cancellationToken))
        {
            LogPurged(logger, purge.Events, purge.Category, purge.FirstSegment, purge.LastSegment);
        }
    }

    protected override void Failed(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trace retention: purged {Events} {Category} events (segments {First} to {Last})")]
    private static partial void LogPurged(ILogger logger, long events, Grains.Audit.AuditCategory category, int first, int last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace retention: the purge failed; it runs again within the hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
