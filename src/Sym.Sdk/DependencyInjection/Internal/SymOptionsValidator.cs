using System.Globalization;
using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.DependencyInjection.Internal;

/// <summary>
/// Validates <see cref="SymOptions"/> at startup. Messages name each setting by its configuration path when the options
/// are bound from one (<see cref="SymOptionsSection"/>, for example the host's <c>Sym:Engine</c>), else as
/// <c>SymOptions.&lt;Property&gt;</c>, as set in code through <c>AddSym(o =&gt; …)</c>; each gives the value it has.
/// </summary>
internal sealed class SymOptionsValidator(SymOptionsSection? section = null) : IValidateOptions<SymOptions>
{
    public ValidateOptionsResult Validate(string? name, SymOptions options)
    {
        var errors = new List<string>();
        if (options.DeescalateRetryBaseDelay <= TimeSpan.Zero)
        {
            errors.Add(Positive(nameof(options.DeescalateRetryBaseDelay), options.DeescalateRetryBaseDelay));
        }

        if (options.DeescalateRetryMaxDelay < options.DeescalateRetryBaseDelay)
        {
            errors.Add(Invariant($"{Path(nameof(options.DeescalateRetryMaxDelay))} must be at least {Path(nameof(options.DeescalateRetryBaseDelay))} ({options.DeescalateRetryBaseDelay}); it is {options.DeescalateRetryMaxDelay}."));
        }

        if (options.TimerLease <= TimeSpan.Zero)
        {
            errors.Add(Positive(nameof(options.TimerLease), options.TimerLease));
        }

        if (options.TimerConcurrency <= 0)
        {
            errors.Add(Positive(nameof(options.TimerConcurrency), options.TimerConcurrency));
        }

        if (options.TimerBatchSize <= 0)
        {
            errors.Add(Positive(nameof(options.TimerBatchSize), options.TimerBatchSize));
        }

        if (options.SchedulerInterval <= TimeSpan.Zero)
        {
            errors.Add(Positive(nameof(options.SchedulerInterval), options.SchedulerInterval));
        }
        else if (options.SchedulerStallTimeout <= options.SchedulerInterval)
        {
            errors.Add(Invariant($"{Path(nameof(options.SchedulerStallTimeout))} must be longer than {Path(nameof(options.SchedulerInterval))} ({options.SchedulerInterval}); it is {options.SchedulerStallTimeout}."));
        }

        if (options.SchedulerJitter < TimeSpan.Zero || (options.SchedulerInterval > TimeSpan.Zero && options.SchedulerJitter >= options.SchedulerInterval))
        {
            errors.Add(Invariant($"{Path(nameof(options.SchedulerJitter))} must be at least zero and less than {Path(nameof(options.SchedulerInterval))} ({options.SchedulerInterval}); it is {options.SchedulerJitter}."));
        }

        if (options.EscalationTimeout <= TimeSpan.Zero)
        {
            errors.Add(Positive(nameof(options.EscalationTimeout), options.EscalationTimeout));
        }

        if (options.NotificationRetryBaseDelay <= TimeSpan.Zero)
        {
            errors.Add(Positive(nameof(options.NotificationRetryBaseDelay), options.NotificationRetryBaseDelay));
        }

        if (options.NotificationRetryMaxDelay < options.NotificationRetryBaseDelay)
        {
            errors.Add(Invariant($"{Path(nameof(options.NotificationRetryMaxDelay))} must be at least {Path(nameof(options.NotificationRetryBaseDelay))} ({options.NotificationRetryBaseDelay}); it is {options.NotificationRetryMaxDelay}."));
        }

        if (options.OutboxLease <= TimeSpan.Zero)
        {
            errors.Add(Positive(nameof(options.OutboxLease), options.OutboxLease));
        }

        if (options.OutboxConcurrency <= 0)
        {
            errors.Add(Positive(nameof(options.OutboxConcurrency), options.OutboxConcurrency));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private string Path(string property) => section is null ? $"SymOptions.{property}" : $"{section.Path}:{property}";

    private string Positive<T>(string property, T value) => Invariant($"{Path(property)} must be positive; it is {value}.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Where the host binds <see cref="SymOptions"/> from (for example <c>Sym:Engine</c>), so validation messages name it.</summary>
/// <param name="Path">The configuration section's path.</param>
internal sealed record SymOptionsSection(string Path);
