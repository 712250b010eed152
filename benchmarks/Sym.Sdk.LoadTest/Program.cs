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

// Bounded load test on loopback, against the real host (Kestrel, API keys, SQLite store in WAL with synchronous=FULL).
//   dotnet run -c Release --project benchmarks/Sym.Sdk.LoadTest -- [requests=2000] [concurrency=32] [grants=10000] [window=60] [store folder]
// The store folder defaults to the temp folder; /dev/shm (tmpfs, where fsync costs nothing) separates CPU cost from disk.
int requests = Arg(0, 2000);
int concurrency = Arg(1, 32);
int grants = Arg(2, 10_000);
int windowSeconds = Arg(3, 60);
const string RequesterKey = "sym_load-requester-0123456789abcdefghijklmnopqrstuvwxyz";
const string ApproverKey = "sym_load-approver-0123456789abcdefghijklmnopqrstuvwxyz";

string folder = args.Length > 4
    ? Directory.CreateDirectory(Path.Combine(args[4], $"sym-load-{Environment.ProcessId}")).FullName
    : Directory.CreateTempSubdirectory("sym-load-").FullName;
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Sym:Engine:SchedulerInterval"] = "00:00:00.250",
    ["Sym:Engine:TimerBatchSize"] = "200",
    ["Sym:Storage:Path"] = Path.Combine(folder, "sym.db"),
    ["Sym:Flows:load_access:Strategy:Type"] = "load",
    ["Sym:Flows:load_access:Targets:0:Name"] = "db",
    ["Sym:Flows:load_access:AllowedDurations:0"] = "1h",
    ["Sym:Api:Keys:0:Name"] = "requester",
    ["Sym:Api:Keys:0:Hash"] = SymApiKeys.Hash(RequesterKey),
    ["Sym:Api:Keys:0:User"] = "alice@example.com",
    ["Sym:Api:Keys:1:Name"] = "approver",
    ["Sym:Api:Keys:1:Hash"] = SymApiKeys.Hash(ApproverKey),
    ["Sym:Api:Keys:1:User"] = "bob@example.com",
});
builder.Services.AddSymSqliteStore();
builder.AddSymHosting(h => h.AddStrategy<LoadStrategy>("load"));
await using WebApplication app = builder.Build();
app.MapSymApi("/api");
await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"Host on {address}; store {folder}/sym.db; {Environment.ProcessorCount} cores; requests={requests} concurrency={concurrency} grants={grants} window={windowSeconds}s");

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
using var requester = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(address) };
requester.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RequesterKey);
using var approver = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(address) };
approver.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApproverKey);

// Warm up (JIT, connections, SQLite pages).
for (int i = 0; i < 20; i++)
{
    await CreateAsync(requester);
}

// 1. Concurrent API requests: create requests, then approve them (each approve grants through the strategy).
var ids = new string[requests];
(double createRps, double[] createLatency) = await RunAsync(requests, concurrency, async i => ids[i] = await CreateAsync(requester));
Report("POST /api/requests", createRps, createLatency);
// The approver's first page of pending approvals while every one of those requests is still pending.
(double approvalsRps, double[] approvalsLatency) = await RunAsync(requests, concurrency, async _ =>
{
    using HttpResponseMessage r = await approver.GetAsync(new Uri("/api/approvals?limit=50", UriKind.Relative));
    r.EnsureSuccessStatusCode();
});
Report("GET /api/approvals?limit=50", approvalsRps, approvalsLatency);
(double approveRps, double[] approveLatency) = await RunAsync(requests, concurrency, async i =>
{
    using HttpResponseMessage r = await approver.PostAsync(new Uri($"/api/requests/{ids[i]}/approve", UriKind.Relative), null);
    r.EnsureSuccessStatusCode();
});
Report("POST /api/requests/{id}/approve", approveRps, approveLatency);
(double getRps, double[] getLatency) = await RunAsync(requests, concurrency, async i =>
{
    using HttpResponseMessage r = await requester.GetAsync(new Uri($"/api/requests/{ids[i]}", UriKind.Relative));
    r.EnsureSuccessStatusCode();
});
Report("GET /api/requests/{id}", getRps, getLatency);

// 2. Many active grants expiring within one window: seeded straight into the store as the engine leaves them after an
// approval (an Active run and its deescalate timer), expiring evenly over the window once seeding is done.
ISymStore store = app.Services.GetRequiredService<ISymStore>();
LoadStrategy strategy = app.Services.GetRequiredService<LoadStrategy>();
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
while (expiries.Keys.Count(strategy.Deescalated.ContainsKey) < grants && time.GetUtcNow() < deadline)
{
    await Task.Delay(TimeSpan.FromSeconds(1), time);
}

var lags = new List<double>(grants);
foreach ((string id, DateTimeOffset expiresAt) in expiries)
{
    if (strategy.Deescalated.TryGetValue(id, out DateTimeOffset at))
    {
        lags.Add((at - expiresAt).TotalMilliseconds);
    }
}

double[] lag = [.. lags.Order()];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Deescalation lag ({lag.Length}/{grants} deescalated): p50 {Percentile(lag, 0.50):F0} ms, p99 {Percentile(lag, 0.99):F0} ms, max {lag[^1]:F0} ms (scheduler interval 250 ms; target p99 < 1000 ms)."));
await app.StopAsync();
try
{
    Directory.Delete(folder, recursive: true);
}
catch (IOException)
{
}

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
