using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Benchmarks;

/// <summary>
/// A full lifecycle (request → approve → escalate → scheduled deescalate) through the real engine over the durable
/// SQLite store (WAL, synchronous=FULL: every write is fsynced) against the same lifecycle over the in-memory store; and
/// 16 lifecycles at once over SQLite (group commit shares fsyncs between concurrent writers); and an idle scheduler tick
/// (nothing due) over SQLite, which hosts run every second.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreBenchmarks
{
    private static readonly User Approver = new() { Username = "approver@example.com" };

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sym-bench-{Guid.NewGuid():N}.db");
    private ServiceProvider _memory = null!;
    private ServiceProvider _sqlite = null!;
    private SymEngine _memoryEngine = null!;
    private SymEngine _sqliteEngine = null!;
    private SqliteSymStore _store = null!;
    private ManualTime _time = null!;
    private AccessRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualTime();
        _memory = Build(_time, null);
        _sqlite = Build(_time, _path);
        _memoryEngine = _memory.GetRequiredService<SymEngine>();
        _sqliteEngine = _sqlite.GetRequiredService<SymEngine>();
        _store = _sqlite.GetRequiredService<SqliteSymStore>();
        _store.InitializeAsync().GetAwaiter().GetResult();
        _request = new AccessRequest
        {
            Flow = "custom_access", Requester = new User { Username = "req@example.com" }, Target = "prod", Duration = TimeSpan.FromHours(1),
            Reason = "incident 42",
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _sqlite.Dispose();
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Benchmark(Baseline = true, Description = "lifecycle, in-memory store")]
    public Task<SymRun?> InMemory() => LifecycleAsync(_memoryEngine);

    [Benchmark(Description = "lifecycle, SQLite store")]
    public Task<SymRun?> Sqlite() => LifecycleAsync(_sqliteEngine);

    /// <summary>16 lifecycles at once: requests and approvals in parallel, then four scheduler loops firing the expiries.</summary>
    [Benchmark(Description = "16 concurrent lifecycles, SQLite store", OperationsPerInvoke = 16)]
    public async Task<int> SqliteConcurrent()
    {
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            SymActionResult requested = await _sqliteEngine.RequestAsync(_request);
            await _sqliteEngine.ApproveAsync(requested.Run!.Id, Approver);
        })));
        _time.Advance(TimeSpan.FromHours(1));
        int[] fired = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _sqliteEngine.ProcessDueTimersAsync())));
        await _sqliteEngine.DeliverDueMessagesAsync();
        return fired.Sum();
    }

    [Benchmark(Description = "idle scheduler tick, SQLite store")]
    public Task<int> IdleTick() => _sqliteEngine.ProcessDueTimersAsync();

    private async Task<SymRun?> LifecycleAsync(SymEngine engine)
    {
        SymActionResult requested = await engine.RequestAsync(_request);
        await engine.ApproveAsync(requested.Run!.Id, Approver);
        _time.Advance(TimeSpan.FromHours(1));
        await engine.ProcessDueTimersAsync();
        await engine.DeliverDueMessagesAsync();
        return requested.Run;
    }

    private static ServiceProvider Build(ManualTime time, string? sqlitePath)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ISymNotifier, NullNotifier>();
        services.AddSym(o => o.TimerBatchSize = 2).AddFlow<EngineLifecycleBenchmarks.NoOpFlow>("custom_access", f => f.UseStrategy<EngineLifecycleBenchmarks.NoOpStrategy>().Configure(o =>
        {
            o.AllowedDurations.Add("1h");
            o.Targets.Add(new AccessTargetOptions { Name = "prod", Settings = { ["group_id"] = "g-1" } });
            o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
        }));
        if (sqlitePath is not null)
        {
            services.AddSym().UseSqliteStore(sqlitePath);
        }

        return services.BuildServiceProvider();
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
