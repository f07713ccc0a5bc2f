using Microsoft.Extensions.Hosting;

namespace Collab.Silo.Hosting;

/// <summary>
/// Background work run a while after start, then every <paramref name="period"/> on the injected clock.
/// A failed run is reported through <see cref="Failed"/> and the next one runs as planned.
/// </summary>
public abstract class PeriodicService(TimeProvider clock, TimeSpan firstDelay, TimeSpan period) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected abstract void Failed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(firstDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(period, clock);
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Failed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
