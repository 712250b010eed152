using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>Healthy when the run store answers a read; unhealthy with the store's error otherwise.</summary>
internal sealed class SymStoreHealthCheck(ISymRunStore runs) : IHealthCheck
{
    private const string ProbeRunId = "sym-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await runs.GetRunAsync(ProbeRunId, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The store ({runs.GetType().Name}) is reachable.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The store ({runs.GetType().Name}) is not reachable.", ex);
        }
    }
}
