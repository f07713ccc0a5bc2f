using Collab.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Compliance;

/// <summary>Runs <see cref="UnusualAccessDetector.ScanAsync"/> every <see cref="UnusualAccessOptions.ScanEvery"/>.</summary>
public sealed partial class UnusualAccessService(UnusualAccessDetector detector, UnusualAccessOptions options, TimeProvider clock, ILogger<UnusualAccessService> logger)
    : PeriodicService(clock, TimeSpan.FromMinutes(2), options.ScanEvery)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var flag in await detector.ScanAsync(cancellationToken))
        {
            LogFlag(logger, flag.Practitioner, flag.Rule, flag.Observed, flag.Threshold);
        }
    }

    protected override void Failed(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unusual access: practitioner {Practitioner} broke {Rule} ({Observed} for a threshold of {Threshold})")]
    private static partial void LogFlag(ILogger logger, Guid practitioner, Contracts.Practitioners.AccessRule rule, int observed, int threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unusual access: the scan failed; it runs again at the next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
