using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Healthy when the store answers a read and takes a write: a read alone stays green while every grant, revocation and
/// timer claim fails (a full disk, a read-only file). The write is a timer for a run that does not exist, due at the end
/// of time, scheduled and cancelled again: through the same path as every write, and leaving nothing behind (were the
/// cancel lost, the timer would never fire, and the next probe replaces it).
/// </summary>
internal sealed class SymStoreHealthCheck(ISymRunStore runs, ISymTimerStore timers, ILogger<SymStoreHealthCheck> logger) : IHealthCheck
{
    internal const string ProbeRunId = "sym-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string store = runs.GetType().Name;
        try
        {
            await runs.GetRunAsync(ProbeRunId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HostingLog.StoreUnhealthy(logger, ex, "read");
            return new HealthCheckResult(context.Registration.FailureStatus, $"The store ({store}) is not reachable.", ex);
        }

        try
        {
            await timers.ScheduleTimerAsync(new SymTimer { RunId = ProbeRunId, Kind = SymTimerKind.RequestTimeout, DueAt = DateTimeOffset.MaxValue }, cancellationToken)
                .ConfigureAwait(false);
            await timers.CancelTimerAsync(ProbeRunId, SymTimerKind.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HostingLog.StoreUnhealthy(logger, ex, "write");
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The store ({store}) is reachable but not writable: grants, revocations and timers cannot be recorded.", ex);
        }

        return HealthCheckResult.Healthy($"The store ({store}) is reachable and writable.");
    }
}
