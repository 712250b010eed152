using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sym.Sdk;
using Sym.Sdk.Hosting;
using Sym.Sdk.LoadTest;
using Sym.Sdk.Runtime;

// Bounded load test on loopback, against the real host (Kestrel, API keys, a durable store).
//   dotnet run -c Release --project benchmarks/Sym.Sdk.LoadTest -- [requests=2000] [concurrency=32] [grants=10000] [window=60] [store folder]
//       [provider=sqlite|postgres] [hosts=1] [requesters=1]
// SQLite (WAL, synchronous=FULL) is the default; the store folder defaults to the temp folder; /dev/shm (tmpfs, where fsync
// costs nothing) separates CPU cost from disk. provider=postgres runs on the database in $SYM_TEST_POSTGRES (a fresh schema),
// with hosts=N identical hosts (each its own Kestrel, engine, scheduler and connection pool, in this process) sharing it;
// clients spread their calls over the hosts. requesters=N spreads the API requests over N people (N API keys): one
// requester's requests for one target are one grant, whose escalates and deescalates the engine serializes (with their
// commits), so requesters=1 measures one grant's approvals and a larger N approvals of different grants.
string provider = Named("provider", "sqlite");
int hosts = int.Parse(Named("hosts", "1"), CultureInfo.InvariantCulture);
int people = int.Parse(Named("requesters", "1"), CultureInfo.InvariantCulture);
args = [.. args.Where(static a => !a.Contains('=', StringComparison.Ordinal))];
int requests = Arg(0, 2000);
int concurrency = Arg(1, 32);
int grants = Arg(2, 10_000);
int windowSeconds = Arg(3, 60);
const string RequesterKey = "sym_load-requester-0123456789abcdefghijklmnopqrstuvwxyz";
const string ApproverKey = "sym_load-approver-0123456789abcdefghijklmnopqrstuvwxyz";

string folder = args.Length > 4
    ? Directory.CreateDirectory(Path.Combine(args[4], $"sym-load-{Environment.ProcessId}")).FullName
    : Directory.CreateTempSubdirectory("sym-load-").FullName;
bool postgres = string.Equals(provider, "postgres", StringComparison.OrdinalIgnoreCase);
string schema = $"load_{Environment.ProcessId}";
string? connectionString = postgres
    ? Environment.GetEnvironmentVariable("SYM_TEST_POSTGRES") ?? throw new InvalidOperationException("provider=postgres needs SYM_TEST_POSTGRES (eval \"$(bash .ci/postgres.sh start)\")")
    : null;
var apps = new List<WebApplication>();
for (int h = 0; h < hosts; h++)
{
    apps.Add(await StartHostAsync());
}

string[] addresses = [.. apps.Select(static a => a.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())];
Console.WriteLine($"{hosts} host(s) on {string.Join(", ", addresses)}; store {(postgres ? $"PostgreSQL schema {schema}" : $"{folder}/sym.db")}; {Environment.ProcessorCount} cores; requests={requests} concurrency={concurrency} grants={grants} window={windowSeconds}s");

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
HttpClient[][] requesters = [.. addresses.Select(a => Enumerable.Range(0, people).Select(p => Client(a, RequesterKeyOf(p))).ToArray())];
HttpClient[] approvers = [.. addresses.Select(a => Client(a, ApproverKey))];

// Warm up (JIT, connections, SQLite pages).
for (int i = 0; i < 20; i++)
{
    await CreateAsync(Requester(i, 0));
}

// 1. Concurrent API requests: create requests, then approve them (each approve grants through the strategy).
var ids = new string[requests];
(double createRps, double[] createLatency) = await RunAsync(requests, concurrency, async i => ids[i] = await CreateAsync(Requester(i, 0)));
Report("POST /api/requests", createRps, createLatency);
// The approver's first page of pending approvals while every one of those requests is still pending.
(double approvalsRps, double[] approvalsLatency) = await RunAsync(requests, concurrency, async _ =>
{
    using HttpResponseMessage r = await approvers[_ % hosts].GetAsync(new Uri("/api/approvals?limit=50", UriKind.Relative));
    r.EnsureSuccessStatusCode();
});
Report("GET /api/approvals?limit=50", approvalsRps, approvalsLatency);
(double approveRps, double[] approveLatency) = await RunAsync(requests, concurrency, async i =>
{
    using HttpResponseMessage r = await approvers[(i + 1) % hosts].PostAsync(new Uri($"/api/requests/{ids[i]}/approve", UriKind.Relative), null);
    r.EnsureSuccessStatusCode();
});
Report("POST /api/requests/{id}/approve", approveRps, approveLatency);
(double getRps, double[] getLatency) = await RunAsync(requests, concurrency, async i =>
{
    using HttpResponseMessage r = await Requester(i, 2).GetAsync(new Uri($"/api/requests/{ids[i]}", UriKind.Relative));
    r.EnsureSuccessStatusCode();
});
Report("GET /api/requests/{id}", getRps, getLatency);

// 2. Many active grants expiring within one window: seeded straight into the store as the engine leaves them after an
// approval (an Active run and its deescalate timer), expiring evenly over the window once seeding is done.
ISymStore store = apps[0].Services.GetRequiredService<ISymStore>();
LoadStrategy[] strategies = [.. apps.Select(static a => a.Services.GetRequiredService<LoadStrategy>())];
TimeProvider time = TimeProvider.System;
var target = new AccessTarget { Name = "db", Label = "db", Type = "custom" };
TimeSpan seedBudget = TimeSpan.FromSeconds(Math.Max(20, grants / 250));
DateTimeOffset firstExpiry = time.GetUtcNow() + seedBudget;
var expiries = new Dictionary<string, DateTimeOffset>(grants, StringComparer.Ordinal);
var seed = Stopwatch.StartNew();
for (int i = 0; i < grants; i++)
{
    string id = $"grant-{i:D6}";
    DateTimeOffset expiresAt = firstExpiry + TimeSpan.FromSeconds(windowSeconds * (double)i / grants);
    expiries[id] = expiresAt;
    // One commit per grant: the Active run with its deescalate timer, as the engine's escalate step writes them.
    await store.CommitAsync(new SymRunTransition
    {
        Run = new SymRun
        {
            // One requester per grant: each is its own grant, revoked on its own (one requester's overlapping runs on one
            // target share a grant, revoked when the last ends).
            Id = id, Version = 1, Flow = "load_access", State = SymRunState.Active, Requester = new User { Username = $"user{i:D6}@example.com" }, Target = target,
            Duration = TimeSpan.FromHours(1), RequestedAt = expiresAt - TimeSpan.FromHours(1), EscalatedAt = expiresAt - TimeSpan.FromHours(1),
            ExpiresAt = expiresAt, SourceChannel = "api",
        },
        ScheduleTimers = [new SymTimer { RunId = id, Kind = SymTimerKind.Deescalate, DueAt = expiresAt }],
    });
}

seed.Stop();
DateTimeOffset seededAt = time.GetUtcNow();
Console.WriteLine($"Seeded {grants} active grants in {seed.Elapsed.TotalSeconds:F1} s; {(seededAt > firstExpiry ? "seeding overran the budget, the first expiries were already due" : "all expire after seeding")}; expiring over {windowSeconds} s from {firstExpiry:HH:mm:ss}.");

DateTimeOffset deadline = firstExpiry + TimeSpan.FromSeconds(windowSeconds) + TimeSpan.FromMinutes(5);
while (expiries.Keys.Count(id => strategies.Any(st => st.Deescalated.ContainsKey(id))) < grants && time.GetUtcNow() < deadline)
{
    await Task.Delay(TimeSpan.FromSeconds(1), time);
}

var lags = new List<double>(grants);
int twice = 0;
foreach ((string id, DateTimeOffset expiresAt) in expiries)
{
    DateTimeOffset[] at = [.. strategies.Where(st => st.Deescalated.ContainsKey(id)).Select(st => st.Deescalated[id])];
    twice += at.Length > 1 ? 1 : 0;
    if (at.Length > 0)
    {
        lags.Add((at.Min() - expiresAt).TotalMilliseconds);
    }
}

double[] lag = [.. lags.Order()];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Deescalation lag ({lag.Length}/{grants} deescalated, {twice} by two hosts): p50 {Percentile(lag, 0.50):F0} ms, p99 {Percentile(lag, 0.99):F0} ms, max {lag[^1]:F0} ms (scheduler interval 250 ms; target p99 < 1000 ms)."));
if (hosts > 1)
{
    Console.WriteLine($"Deescalations per host: {string.Join(" / ", strategies.Select(st => st.Deescalated.Count))}");
}

foreach (WebApplication app in apps)
{
    await app.StopAsync();
    await app.DisposeAsync();
}

if (postgres)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE;", connection);
    await drop.ExecuteNonQueryAsync();
}

try
{
    Directory.Delete(folder, recursive: true);
}
catch (IOException)
{
}

async Task<WebApplication> StartHostAsync()
{
    WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sym:Engine:SchedulerInterval"] = "00:00:00.250",
        ["Sym:Engine:TimerBatchSize"] = "200",
        ["Sym:Storage:Provider"] = provider,
        ["Sym:Storage:Path"] = Path.Combine(folder, "sym.db"),
        ["Sym:Storage:ConnectionString"] = connectionString,
        ["Sym:Storage:Schema"] = schema,
        ["Sym:Flows:load_access:Strategy:Type"] = "load",
        ["Sym:Flows:load_access:Targets:0:Name"] = "db",
        ["Sym:Flows:load_access:AllowedDurations:0"] = "1h",
        ["Sym:Api:Keys:0:Name"] = "approver",
        ["Sym:Api:Keys:0:Hash"] = SymApiKeys.Hash(ApproverKey),
        ["Sym:Api:Keys:0:User"] = "bob@example.com",
    });
    for (int p = 0; p < people; p++)
    {
        builder.Configuration[$"Sym:Api:Keys:{p + 1}:Name"] = $"requester{p}";
        builder.Configuration[$"Sym:Api:Keys:{p + 1}:Hash"] = SymApiKeys.Hash(RequesterKeyOf(p));
        builder.Configuration[$"Sym:Api:Keys:{p + 1}:User"] = p == 0 ? "alice@example.com" : $"requester{p:D3}@example.com";
    }

    builder.AddSymHosting(h => h.UseConfiguredStore(builder.Configuration).AddStrategy<LoadStrategy>("load"));
    WebApplication app = builder.Build();
    app.MapSymApi("/api");
    await app.StartAsync();
    return app;
}

// Request i's requester (the same for every call about request i), on the host i + offset (spreading calls over hosts).
HttpClient Requester(int i, int offset) => requesters[(i + offset) % hosts][i % people];

string RequesterKeyOf(int person) => person == 0 ? RequesterKey : $"{RequesterKey}-{person:D3}";

HttpClient Client(string address, string key)
{
    var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(address) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    return client;
}

string Named(string name, string fallback) =>
    args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase)) is { } arg ? arg[(name.Length + 1)..] : fallback;

static async Task<string> CreateAsync(HttpClient client)
{
    using var body = new StringContent("""{"flow":"load_access","target":"db","duration":"1h","reason":"load"}""", Encoding.UTF8, "application/json");
    using HttpResponseMessage r = await client.PostAsync(new Uri("/api/requests", UriKind.Relative), body);
    r.EnsureSuccessStatusCode();
    using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStreamAsync());
    return doc.RootElement.GetProperty("run").GetProperty("id").GetString()!;
}

static async Task<(double Rps, double[] LatencyMs)> RunAsync(int count, int concurrency, Func<int, Task> operation)
{
    var latencies = new double[count];
    int next = -1;
    var total = Stopwatch.StartNew();
    var workers = new Task[concurrency];
    for (int w = 0; w < concurrency; w++)
    {
        workers[w] = Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                long start = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        });
    }

    await Task.WhenAll(workers);
    total.Stop();
    Array.Sort(latencies);
    return (count / total.Elapsed.TotalSeconds, latencies);
}

static void Report(string what, double rps, double[] latency) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what,-34} {rps,8:F0} req/s   p50 {Percentile(latency, 0.50),7:F1} ms   p99 {Percentile(latency, 0.99),7:F1} ms"));

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

int Arg(int index, int fallback) =>
    args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
