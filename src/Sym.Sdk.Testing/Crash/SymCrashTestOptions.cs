using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing;

/// <summary>How a <see cref="SymCrashTest"/> crashes and judges a story.</summary>
public sealed class SymCrashTestOptions
{
    /// <summary>
    /// How long the recovering process runs after the crash (virtual time: its scheduler fires every timer due in it). The
    /// default value is 2 days: longer than every grant and request lifetime the story makes should be.
    /// </summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// How late after its expiry a grant may be revoked and still count as revoked in time: a crash can leave a claimed
    /// timer that fires again only when its lease ends, and a failing deescalate is retried with backoff. The default value
    /// is <see langword="null"/>: the engine's <see cref="SymOptions.TimerLease"/> plus
    /// <see cref="SymOptions.DeescalateRetryMaxDelay"/>.
    /// </summary>
    public TimeSpan? MaxRevocationLag { get; set; }

    /// <summary>
    /// Opens the store a process of a scenario runs on; called once for the process that crashes and once for the one that
    /// recovers. The default value is <see langword="null"/>: one <see cref="InMemorySymStore"/> per scenario, which both
    /// processes share (a store whose commits survive the crash, as a durable store's do). For a durable store, open it on
    /// a file in <see cref="SymCrashScenario.Folder"/>, so the recovering process reopens what the crashed one wrote; a
    /// store that is <see cref="IDisposable"/> is disposed when its process ends.
    /// </summary>
    public Func<SymCrashScenario, ISymStore>? OpenStore { get; set; }

    /// <summary>
    /// How many crash points run at once (each on its own harnesses and store). The default value is 1; raise it for
    /// stories with many writes on a store that allows it.
    /// </summary>
    public int Parallelism { get; set; } = 1;
}
