using System.Globalization;
using Sym.Sdk.Hosting.Tests.CrashSafety;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql.Tests.MultiHost;

/// <summary>
/// Several TestApp host processes over one PostgreSQL schema, each recording its strategy calls and deliveries (with
/// times) in a file of its own, and a store in the test process over the same schema to seed and inspect.
/// </summary>
internal sealed class HostCluster : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sym-hosts-").FullName;

    private HostCluster(PostgreSqlSymStore store) => Store = store;

    public List<HostProcess> Hosts { get; } = [];

    public PostgreSqlSymStore Store { get; }

    public static async Task<HostCluster> StartAsync(PostgresDatabase database, int count, Func<int, string?>? stallAt = null)
    {
        string schema = PostgresDatabase.NewSchema("hosts");
        var cluster = new HostCluster(database.Open(schema));
        await cluster.Store.InitializeAsync();
        HostProcess[] hosts = await Task.WhenAll(Enumerable.Range(0, count).Select(i => HostProcess.StartAsync(cluster._folder, stallAt?.Invoke(i), new Dictionary<string, string>
        {
            ["Sym__Storage__Provider"] = "postgres",
            ["Sym__Storage__ConnectionString"] = database.ConnectionString,
            ["Sym__Storage__Schema"] = schema,
            ["TestApp__RecordPath"] = Path.Combine(cluster._folder, $"record-{i}.log"),
        })));
        cluster.Hosts.AddRange(hosts);
        return cluster;
    }

    /// <summary>Every record line of every host: (phase, id, process id, time).</summary>
    public List<(string Phase, string Id, int Pid, DateTimeOffset At)> Records()
    {
        var records = new List<(string, string, int, DateTimeOffset)>();
        foreach (string file in Directory.GetFiles(_folder, "record-*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                // {phase} {id} {pid} {UTC time, round-trip format} {target}; a line cut short by a kill is not a record.
                string[] parts = line.Split(' ');
                if (parts.Length == 5
                    && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && DateTimeOffset.TryParseExact(parts[3], "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                {
                    records.Add((parts[0], parts[1], pid, at));
                }
            }
        }

        return records;
    }

    /// <summary>Seeds active grants straight into the store as the engine leaves them after an approval: each its own requester, with its deescalate timer.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> SeedGrantsAsync(int count, DateTimeOffset firstExpiry, TimeSpan window, string prefix = "grant")
    {
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var target = new AccessTarget { Name = "db", Label = "Database", Type = "custom" };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            string id = $"{prefix}-{i:D5}";
            DateTimeOffset expiresAt = firstExpiry + (window * i / count);
            lock (expiries)
            {
                expiries[id] = expiresAt;
            }

            await Store.CommitAsync(new SymRunTransition
            {
                Run = new SymRun
                {
                    Id = id, Version = 1, Flow = "crash_access", State = SymRunState.Active, Requester = new User { Username = $"user{i:D5}@example.com" },
                    Target = target, Duration = TimeSpan.FromHours(1), RequestedAt = expiresAt - TimeSpan.FromHours(1),
                    EscalatedAt = expiresAt - TimeSpan.FromHours(1), ExpiresAt = expiresAt, SourceChannel = "api",
                },
                ScheduleTimers = [new SymTimer { RunId = id, Kind = SymTimerKind.Deescalate, DueAt = expiresAt }],
            }, ct);
        });
        return expiries;
    }

    /// <summary>Waits (up to <paramref name="patience"/>) until every run is in a final state.</summary>
    public async Task WaitUntilEndedAsync(IEnumerable<string> runIds, TimeSpan patience)
    {
        DateTimeOffset deadline = TimeProvider.System.GetUtcNow() + patience;
        List<string> open = [.. runIds];
        while (open.Count > 0 && TimeProvider.System.GetUtcNow() < deadline)
        {
            var still = new List<string>();
            foreach (string id in open)
            {
                if ((await Store.GetRunAsync(id))?.IsFinal != true)
                {
                    still.Add(id);
                }
            }

            open = still;
            if (open.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
            }
        }

        open.Should().BeEmpty($"every run should end within {patience}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (HostProcess host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
