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
internal sealed class SymSchedulerService(
    SymEngine engine, SymScheduler scheduler, IOptions<SymOptions> options, IHostApplicationLifetime lifetime, ILogger<SymSchedulerService> logger,
    ISymStore store, InMemoryStoreChosen? inMemoryChosen = null)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is InMemorySymStore && inMemoryChosen is null)
        {
            throw new SymException("Hosting:NO_DURABLE_STORE",
                "The Sym host has no durable store: it would keep runs, timers and the audit log in memory, lose them when the process stops, and never revoke access granted before a restart.",
                "Add a durable store (AddSymHosting(h => h.UseSqliteStore()), with Sym:Storage:Path), or, for tests and demos only, choose the in-memory store explicitly: AddSymHosting(h => h.UseInMemoryStore()).");
        }

        HostingLog.FlowsLoaded(logger, string.Join(", ", engine.Flows));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first tick waits until every hosted service (the store's migration among them) has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), started))
        using (stoppingToken.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), started))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

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
