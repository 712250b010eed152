using System.Text;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage.Internal;

namespace Sym.Sdk.Testing.Storage;

/// <summary>
/// The contract every <see cref="ISymStore"/> must keep, as named checks you run against your own store: the engine's
/// guarantees (access never outlives its expiry, whatever crashes) rest on it. Each check runs against a fresh store from
/// your factory and throws a <see cref="SymHarnessException"/> saying what the store did wrong; no test framework is
/// needed. The same checks run against the stores Sym.Sdk ships (<see cref="InMemorySymStore"/>, and Sym.Sdk.Hosting's
/// SQLite store).
/// </summary>
/// <remarks>
/// <para>What is checked: every <see cref="ISymRunStore.CommitAsync"/> is all or nothing — creates, updates and
/// check-only commits compare-and-swap the run's version, and a conflicting or invalid commit
/// (<see cref="ArgumentException"/>) writes none of its timers, audit entries, identities or messages; concurrent commits
/// of one version have exactly one winner; timers keep one per run and kind, are applied in the order
/// <see cref="SymRunTransition"/> documents, and are claimed with leases that lapse, never by two claimers at once; the
/// audit log assigns increasing sequences and answers every filter of <see cref="SymAuditQuery"/>; identities are keyed
/// ignoring case; the outbox hands out only each run's oldest message, in commit order, counting attempts, with retries
/// and lapsing leases, completing only with the claim's token; the inbox refuses duplicate ids until purged;
/// <see cref="ISymRunStore.QueryRunsAsync"/> pages newest first without losing or repeating a run. With
/// <c>reopenStore</c>, a durable store is also checked for what survives a restart: everything committed, and claims
/// that lapse as they would have.</para>
/// <para>Stores are disposed (<see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>) when their check ends, and
/// before they are reopened. Each check writes a few hundred rows at most.</para>
/// </remarks>
/// <example>
/// From xunit, one test case per check (NUnit's <c>TestCaseSource</c> and MSTest's <c>DynamicData</c> work the same way):
/// <code>
/// public sealed class MyStoreContractTests : IDisposable
/// {
///     private readonly string _folder = Directory.CreateTempSubdirectory("my-store-").FullName;
///
///     public static TheoryData&lt;string&gt; Checks =&gt; new(SymStoreContract.GetCheckNames(durable: true));
///
///     [Theory]
///     [MemberData(nameof(Checks))]
///     public Task MyStore_KeepsTheStoreContract(string check) =&gt; new SymStoreContract(
///         createStore: () =&gt; new MyStore(Path.Combine(_folder, Guid.NewGuid() + ".db")),
///         reopenStore: closed =&gt; new MyStore(((MyStore)closed).Path)).RunAsync(check);
///
///     public void Dispose() =&gt; Directory.Delete(_folder, recursive: true);
/// }
/// </code>
/// Or all checks in one test, every failure reported together: <c>await contract.VerifyAsync();</c>.
/// </example>
public sealed class SymStoreContract
{
    private static readonly StoreCheck[] AllChecks =
    [
        .. RunChecks.All, .. RunQueryChecks.All, .. AuditChecks.All, .. IdentityChecks.All, .. TimerChecks.All, .. OutboxChecks.All,
        .. InboxChecks.All, .. ArgumentChecks.All, .. DurabilityChecks.All,
    ];

    private static readonly Dictionary<string, StoreCheck> ChecksByName = AllChecks.ToDictionary(static c => c.Name, StringComparer.Ordinal);
    private static readonly string[] EveryStoreCheckNames = [.. AllChecks.Where(static c => !c.NeedsReopen).Select(static c => c.Name)];
    private static readonly string[] DurableStoreCheckNames = [.. AllChecks.Select(static c => c.Name)];

    private readonly Func<CancellationToken, ValueTask<ISymStore>> _createStore;
    private readonly Func<ISymStore, CancellationToken, ValueTask<ISymStore>>? _reopenStore;

    /// <summary>A contract over stores that keep nothing across instances, such as <see cref="InMemorySymStore"/>: the checks
    /// of what survives a restart are not run.</summary>
    /// <param name="createStore">Makes a new, empty store; called once per check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="createStore"/> is <see langword="null"/>.</exception>
    public SymStoreContract(Func<ISymStore> createStore)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        _createStore = _ => new(createStore());
    }

    /// <summary>A contract over durable stores, checked also for what survives a restart.</summary>
    /// <param name="createStore">Makes a new, empty store; called once per check.</param>
    /// <param name="reopenStore">
    /// Opens a new instance over the data of the store it is given (which the contract has already disposed), as a
    /// process would after a restart.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="createStore"/> or <paramref name="reopenStore"/> is <see langword="null"/>.</exception>
    public SymStoreContract(Func<ISymStore> createStore, Func<ISymStore, ISymStore> reopenStore)
        : this(createStore)
    {
        ArgumentNullException.ThrowIfNull(reopenStore);
        _reopenStore = (closed, _) => new(reopenStore(closed));
    }

    /// <summary>A contract over stores made asynchronously that keep nothing across instances.</summary>
    /// <param name="createStore">Makes a new, empty store; called once per check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="createStore"/> is <see langword="null"/>.</exception>
    public SymStoreContract(Func<CancellationToken, ValueTask<ISymStore>> createStore)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        _createStore = createStore;
    }

    /// <summary>A contract over durable stores made and reopened asynchronously, checked also for what survives a restart.</summary>
    /// <param name="createStore">Makes a new, empty store; called once per check.</param>
    /// <param name="reopenStore">Opens a new instance over the data of the store it is given (already disposed by the contract).</param>
    /// <exception cref="ArgumentNullException"><paramref name="createStore"/> or <paramref name="reopenStore"/> is <see langword="null"/>.</exception>
    public SymStoreContract(Func<CancellationToken, ValueTask<ISymStore>> createStore, Func<ISymStore, CancellationToken, ValueTask<ISymStore>> reopenStore)
        : this(createStore)
    {
        ArgumentNullException.ThrowIfNull(reopenStore);
        _reopenStore = reopenStore;
    }

    /// <summary>Whether the stores are durable (the contract was made with a <c>reopenStore</c>), so the checks of what survives a restart run too.</summary>
    public bool IsDurable => _reopenStore is not null;

    /// <summary>The names of the contract's checks, in the order <see cref="VerifyAsync"/> runs them.</summary>
    /// <param name="durable">
    /// <see langword="true"/> to include the checks of what survives a restart, which need a contract made with a
    /// <c>reopenStore</c>; <see langword="false"/> (the default) for the checks every store must pass.
    /// </param>
    /// <returns>The check names, for example <c>CommitAsync_UpdateFromAStaleVersion_ConflictsAndWritesNothing</c>.</returns>
    public static IReadOnlyList<string> GetCheckNames(bool durable = false) => durable ? DurableStoreCheckNames : EveryStoreCheckNames;

    /// <summary>Runs one check against a fresh store.</summary>
    /// <param name="check">The check's name, one of <see cref="GetCheckNames"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the store passed the check.</returns>
    /// <exception cref="ArgumentException"><paramref name="check"/> names no check.</exception>
    /// <exception cref="InvalidOperationException">The check restarts the store, but this contract has no <c>reopenStore</c>.</exception>
    /// <exception cref="SymHarnessException">The store broke the contract; the message names the check and says how.</exception>
    public Task RunAsync(string check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!ChecksByName.TryGetValue(check, out StoreCheck? found))
        {
            throw new ArgumentException($"'{check}' is not a store contract check; SymStoreContract.GetCheckNames(durable: true) lists them.", nameof(check));
        }

        if (found.NeedsReopen && _reopenStore is null)
        {
            throw new InvalidOperationException(
                $"The check '{check}' restarts the store: create the contract with a reopenStore, or run only SymStoreContract.GetCheckNames(durable: false).");
        }

        return RunCheckAsync(found, cancellationToken);
    }

    /// <summary>Runs every check (those of what survives a restart too when <see cref="IsDurable"/>), each against a fresh store.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the store passed every check.</returns>
    /// <exception cref="SymHarnessException">
    /// The store broke the contract; the message lists every failed check and how it failed, and the inner
    /// <see cref="AggregateException"/> holds each check's exception.
    /// </exception>
    public async Task VerifyAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> names = GetCheckNames(IsDurable);
        var failures = new List<SymHarnessException>();
        foreach (string name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await RunCheckAsync(ChecksByName[name], cancellationToken).ConfigureAwait(false);
            }
            catch (SymHarnessException failure)
            {
                failures.Add(failure);
            }
        }

        if (failures.Count > 0)
        {
            var message = new StringBuilder().Append(failures.Count).Append(" of ").Append(names.Count).Append(" store contract checks failed:");
            foreach (SymHarnessException failure in failures)
            {
                message.AppendLine().Append("- ").Append(failure.Message);
            }

            throw new SymHarnessException(message.ToString(), new AggregateException(failures));
        }
    }

    private async Task RunCheckAsync(StoreCheck check, CancellationToken cancellationToken)
    {
        ISymStore store;
        try
        {
            store = await _createStore(cancellationToken).ConfigureAwait(false)
                ?? throw new SymHarnessException($"{check.Name}: the store factory returned null.");
        }
        catch (Exception ex) when (ex is not (SymHarnessException or OperationCanceledException))
        {
            throw new SymHarnessException($"{check.Name}: the store factory threw {ex.GetType().Name}: {ex.Message}", ex);
        }

        var context = new CheckContext(store, _reopenStore, cancellationToken);
        try
        {
            await check.Run(context).ConfigureAwait(false);
        }
        catch (SymHarnessException failure)
        {
            throw new SymHarnessException($"{check.Name}: {failure.Message}", failure.InnerException ?? failure);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new SymHarnessException($"{check.Name}: the store threw {ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }
}
