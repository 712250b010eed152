using System.Text;
using Microsoft.Extensions.Options;
using Sym.Sdk;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.TestApp;

/// <summary>Where the strategy records its calls, and where it stalls or crashes (<c>TestApp:*</c>).</summary>
internal sealed class TestAppOptions
{
    /// <summary>The record file: one line per call phase (phase, run or message id, process id, Unix milliseconds), fsync'd before the call goes on.</summary>
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
internal sealed class DurableRecordStrategy(IOptions<TestAppOptions> options, TimeProvider time) : AccessStrategy
{
    private readonly Lock _lock = new();
    private readonly TestAppOptions _options = options.Value;

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await StepAsync("escalate", evt.Run.Id, cancellationToken);
        return StrategyOutput.Applied();
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await StepAsync("deescalate", evt.Run.Id, cancellationToken);
        return StrategyOutput.Applied();
    }

    private async Task StepAsync(string step, string runId, CancellationToken cancellationToken)
    {
        Append($"{step}-begin {runId} {Environment.ProcessId} {time.GetUtcNow().ToUnixTimeMilliseconds()}");
        if (string.Equals(_options.CrashAt, step, StringComparison.Ordinal))
        {
            Environment.FailFast($"TestApp: crashing in {step} of {runId} as configured.");
        }

        if (_options.Stalls(step))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        Append($"{step}-end {runId} {Environment.ProcessId} {time.GetUtcNow().ToUnixTimeMilliseconds()}");
    }

    internal void Append(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            using var file = new FileStream(_options.RecordPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
    }
}
