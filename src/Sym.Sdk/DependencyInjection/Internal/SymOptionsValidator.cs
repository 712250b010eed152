using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.DependencyInjection.Internal;

/// <summary>Validates <see cref="SymOptions"/> at startup.</summary>
internal sealed class SymOptionsValidator : IValidateOptions<SymOptions>
{
    public ValidateOptionsResult Validate(string? name, SymOptions options)
    {
        List<string>? errors = null;
        if (options.DeescalateRetryBaseDelay <= TimeSpan.Zero)
        {
            (errors ??= []).Add("Sym:DeescalateRetryBaseDelay must be positive.");
        }

        if (options.DeescalateRetryMaxDelay < options.DeescalateRetryBaseDelay)
        {
            (errors ??= []).Add("Sym:DeescalateRetryMaxDelay must be at least DeescalateRetryBaseDelay.");
        }

        if (options.TimerLease <= TimeSpan.Zero)
        {
            (errors ??= []).Add("Sym:TimerLease must be positive.");
        }

        if (options.TimerConcurrency <= 0)
        {
            (errors ??= []).Add("Sym:TimerConcurrency must be positive.");
        }

        if (options.TimerBatchSize <= 0)
        {
            (errors ??= []).Add("Sym:TimerBatchSize must be positive.");
        }

        if (options.SchedulerInterval <= TimeSpan.Zero)
        {
            (errors ??= []).Add("Sym:SchedulerInterval must be positive.");
        }

        if (options.SchedulerStallTimeout <= options.SchedulerInterval)
        {
            (errors ??= []).Add("Sym:SchedulerStallTimeout must be longer than SchedulerInterval.");
        }

        return errors is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
