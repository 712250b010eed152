using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Sym.Sdk;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.TestApp;

/// <summary>Where the strategy records its calls, and where it stalls or crashes (<c>TestApp:*</c>).</summary>
internal sealed class TestAppOptions
{
    /// <summary>The record file: one line per call phase (phase, run or message id, process id, UTC time, target), fsync'd before the call goes on.</summary>
    public string RecordPath { get; set; } = "strategy-calls.log";

    /// <summary>
    /// <c>escalate</c>, <c>deescalate</c> or <c>deliver</c> (several: comma-separated): after recording the call's start,
    /// wait forever (until killed).
    /// </summary>
    public string? StallAt { get; set; }

    /// <summary><c>escalate</c> or <c>deescalate</c>: after recording the call's start, end the process at once.</summary>
    public string? CrashAt { get; set; }

    public bool Stalls(string step) => StallAt?.Split(',', StringSplitOptions.TrimEntries).Contains(step, StringComparer.Ordinal) == true;
}

/// <summary>
/// A strategy that appends every escalate and deescalate to a durable record (begin and end, fsync'd), so a test can tell
/// what happened across SIGKILLs. Idempotent like a real strategy: granting twice or revoking a never-granted user is fine.
/// </summary>
/// <remarks>
/// One line per call phase: <c>{step}-{begin|end} {runId} {processId} {time} {targetId}</c>, the time in UTC in the
/// round-trip format (<c>O</c>), so a test can measure how late a revocation came.
/// </remarks>
internal sealed class DurableRecordStrategy(IOptions<TestAppOptions> options, TimeProvider time) : AccessStrategy
{
    private readonly Lock _lock = new();
    private readonly TestAppOptions _options = options.Value;

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await StepAsync("escalate", evt.Run.Id, targetId, cancellationToken);
        return StrategyOutput.Applied();
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await StepAsync("deescalate", evt.Run.Id, targetId, cancellationToken);
        return StrategyOutput.Applied();
    }

    private async Task StepAsync(string step, string runId, string targetId, CancellationToken cancellationToken)
    {
        Append($"{step}-begin {runId} {Environment.ProcessId}", targetId);
        if (string.Equals(_options.CrashAt, step, StringComparison.Ordinal))
        {
            Environment.FailFast($"TestApp: crashing in {step} of {runId} as configured.");
        }

        if (_options.Stalls(step))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        Append($"{step}-end {runId} {Environment.ProcessId}", targetId);
    }

    /// <summary>Appends <c>{call} {time} {targetId}</c> (the notifier records deliveries here too, with <c>-</c> for the target).</summary>
    internal void Append(string call, string targetId)
    {
        lock (_lock)
        {
            // The time is read under the lock, so the record's times follow its order.
            string now = time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            byte[] bytes = Encoding.UTF8.GetBytes($"{call} {now} {targetId}\n");
            using var file = new FileStream(_options.RecordPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
    }
}
