using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Runs the engine's <see cref="SymScheduler"/> for the host's lifetime: due timers (deescalations, request timeouts,
/// deescalate retries) fire from the store, so those due while the host was down fire right after it starts. Creating it
/// builds the engine, so an invalid flow fails startup.
/// </summary>
internal sealed class SymSchedulerService(SymEngine engine, SymScheduler scheduler, IOptions<SymOptions> options, ILogger<SymSchedulerService> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        HostingLog.FlowsLoaded(logger, string.Join(", ", engine.Flows));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first tick.
        await Task.Yield();
        HostingLog.SchedulerStarted(logger, options.Value.SchedulerInterval);
        try
        {
            await scheduler.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            HostingLog.SchedulerStopped(logger);
        }
    }
}
