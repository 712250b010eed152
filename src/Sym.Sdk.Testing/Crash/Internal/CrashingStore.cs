using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Crash.Internal;

/// <summary>
/// The store as the crashing process sees it: every write is counted (and named), and at the chosen write the process
/// "dies" — before the write (it does not happen) or after it (it happened; the caller never hears back). From then on
/// every call fails, reads included, as nothing runs in a dead process. A single commit therefore either happened or did
/// not, as a real store's can.
/// </summary>
internal sealed class CrashingStore(ISymStore inner, int crashAt, SymCrashSide side) : ISymStore
{
    private readonly Lock _lock = new();
    private readonly List<string> _writes = [];
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    /// <summary>The writes made so far, in order.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.GetRunAsync(runId, cancellationToken);
    }

    public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default) =>
        WriteAsync(Describe(transition), () => inner.CommitAsync(transition, cancellationToken));

    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        await foreach (SymRun run in inner.ListRunsAsync(state, cancellationToken).ConfigureAwait(false))
        {
            ThrowIfDead();
            yield return run;
        }
    }

    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.QueryRunsAsync(query, cancellationToken);
    }

    public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.QueryAuditAsync(query, cancellationToken);
    }

    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.GetIdentityAsync(user, service, cancellationToken);
    }

    public ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.GetIdentityByServiceIdAsync(user, service, serviceId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.ListIdentitiesAsync(user, cancellationToken);
    }

    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) =>
        WriteAsync("save identity", () => inner.SaveIdentityAsync(user, identity, cancellationToken));

    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync("claim timers", () => inner.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken));

    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) =>
        WriteAsync($"complete timer {timer.Kind}", () => inner.CompleteTimerAsync(timer, cancellationToken));

    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.GetTimersAsync(runId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync("claim messages", () => inner.ClaimDueMessagesAsync(now, maxCount, lease, cancellationToken));

    public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) =>
        WriteAsync($"complete message {message.Kind}", () => inner.CompleteMessageAsync(message, cancellationToken));

    public ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default) =>
        WriteAsync($"retry message {message.Kind}", () => inner.RetryMessageAsync(message, dueAt, error, cancellationToken));

    public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return inner.GetPendingMessagesAsync(runId, cancellationToken);
    }

    public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync("add inbox item", () => inner.TryAddInboxItemAsync(item, now, lease, cancellationToken));

    public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync("claim inbox items", () => inner.ClaimInboxItemsAsync(now, maxCount, lease, cancellationToken));

    public ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default) =>
        WriteAsync("complete inbox item", () => inner.CompleteInboxItemAsync(item, processedAt, cancellationToken));

    public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) =>
        WriteAsync("purge inbox", () => inner.PurgeInboxAsync(processedBefore, cancellationToken));

    /// <summary>What a commit records, for the report: the steps it audits, else the state it writes.</summary>
    private static string Describe(SymRunTransition t)
    {
        string what = t.Audit.Count > 0
            ? string.Join(" + ", t.Audit.Select(static a => a.Outcome == SymAuditOutcome.Applied ? a.Step : $"{a.Step} ({a.Outcome.ToString().ToLowerInvariant()})"))
            : t.Delivered is { } delivered ? $"delivery of {delivered.Kind}"
            : t.Run is { } run && run.Version != t.ExpectedVersion ? run.State.ToString().ToLowerInvariant()
            : t.Run is not null ? "timers"
            : "messages";
        return "commit " + what;
    }

    private async ValueTask<T> WriteAsync<T>(string name, Func<ValueTask<T>> write)
    {
        bool crashAfter = Enter(name);
        T result = await write().ConfigureAwait(false);
        if (crashAfter)
        {
            Die(name, SymCrashSide.AfterWrite);
        }

        return result;
    }

    private async ValueTask WriteAsync(string name, Func<ValueTask> write)
    {
        bool crashAfter = Enter(name);
        await write().ConfigureAwait(false);
        if (crashAfter)
        {
            Die(name, SymCrashSide.AfterWrite);
        }
    }

    /// <summary>Counts a write; dies before it when this is the crash point (before); returns whether to die after it.</summary>
    private bool Enter(string name)
    {
        int number;
        lock (_lock)
        {
            ThrowIfDead();
            _writes.Add(name);
            number = _writes.Count;
        }

        if (number != crashAt)
        {
            return false;
        }

        if (side == SymCrashSide.BeforeWrite)
        {
            Die(name, SymCrashSide.BeforeWrite);
        }

        return true;
    }

    private void Die(string name, SymCrashSide when)
    {
        _crashed = true;
        throw new SimulatedCrashException($"The process died {SymCrashScenario.Describe(when)} write {crashAt} ({name}).");
    }

    private void ThrowIfDead()
    {
        if (_crashed)
        {
            throw new SimulatedCrashException("The process is dead: nothing more reaches the store.");
        }
    }
}

/// <summary>A simulated process death, thrown by the crashing store.</summary>
internal sealed class SimulatedCrashException(string message) : Exception(message);
