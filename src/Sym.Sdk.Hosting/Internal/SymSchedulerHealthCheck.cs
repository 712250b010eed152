using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Unhealthy while the scheduler is stalled (<see cref="SymScheduler.IsStalled"/>): no tick has completed for
/// <see cref="SymOptions.SchedulerStallTimeout"/>, so due timers (revocations among them) are not firing, whether its
/// ticks fail or hang.
/// </summary>
internal sealed class SymSchedulerHealthCheck(SymScheduler scheduler, IOptions<SymOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string last = scheduler.LastSuccessfulTickAt is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : "never";
        return Task.FromResult(scheduler.IsStalled
            ? new HealthCheckResult(context.Registration.FailureStatus, string.Create(CultureInfo.InvariantCulture,
                $"The scheduler has completed no tick for over {options.Value.SchedulerStallTimeout} (last: {last}): due timers, revocations among them, are not firing."))
            : HealthCheckResult.Healthy($"The scheduler is firing due timers (last tick: {last})."));
    }
}
