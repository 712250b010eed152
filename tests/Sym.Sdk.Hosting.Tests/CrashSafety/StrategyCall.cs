using System.Globalization;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>
/// One line of the TestApp strategy's durable record (<c>strategy-calls.log</c>): a phase of an escalate or deescalate
/// (<c>escalate-begin</c>, <c>escalate-end</c>, <c>deescalate-begin</c>, <c>deescalate-end</c>), the run, the process
/// that made the call, when (UTC), and the target. The record is appended under a lock and fsync'd, one process at a
/// time, so its order is the order of the calls.
/// </summary>
internal sealed record StrategyCall(int Index, string Phase, string RunId, int ProcessId, DateTimeOffset Time, string Target)
{
    /// <summary>Reads the record in <paramref name="folder"/> (empty when nothing was recorded yet).</summary>
    public static IReadOnlyList<StrategyCall> Read(string folder)
    {
        string path = Path.Combine(folder, "strategy-calls.log");
        var calls = new List<StrategyCall>();
        if (!File.Exists(path))
        {
            return calls;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // {phase} {runId} {pid} {time} {target}; a line cut short by a kill (the fsync did not return) is not a call.
            string[] parts = line.Split(' ');
            if (parts.Length == 5
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && DateTimeOffset.TryParseExact(parts[3], "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
            {
                calls.Add(new StrategyCall(calls.Count, parts[0], parts[1], pid, time, parts[4]));
            }
        }

        return calls;
    }

    /// <summary>The process ids that recorded <paramref name="phase"/> for a run, in order.</summary>
    public static List<int> ProcessesOf(string folder, string runId, string phase) =>
        [.. Read(folder).Where(c => c.Phase == phase && c.RunId == runId).Select(static c => c.ProcessId)];
}
