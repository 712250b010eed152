using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Healthy when the store answers a read and takes a write: a read alone stays green while every grant, revocation and
/// timer claim fails (a full disk, a read-only file). The write stores the identity of a probe user that no run has, with
/// the probe's time, so every probe really writes (the same row each time: it leaves one row behind, nothing else).
/// </summary>
internal sealed class SymStoreHealthCheck(ISymRunStore runs, ISymIdentityStore identities, TimeProvider time, ILogger<SymStoreHealthCheck> logger) : IHealthCheck
{
    internal const string ProbeRunId = "sym-health-probe";

    private static readonly User ProbeUser = new() { Username = "sym-health-probe@sym.invalid" };

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
            string probedAt = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            await identities.SaveIdentityAsync(ProbeUser, new UserIdentity { Service = "sym-health", UserId = probedAt }, cancellationToken).ConfigureAwait(false);
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
