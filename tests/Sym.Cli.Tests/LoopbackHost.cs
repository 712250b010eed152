using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sym.Sdk;
using Sym.Sdk.Hosting;
using Sym.Sdk.Strategies;

namespace Sym.Cli.Tests;

/// <summary>
/// A real Sym host for the CLI to talk to: Kestrel on 127.0.0.1 (a free port), the SQLite store in a temp folder, the JSON
/// API and the scheduler, and one configured flow <c>db_access</c> that bob approves. Users: alice and carol (members), bob
/// (the flow's approver).
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    public const string AliceKey = "sym_alice-cli-test-key-0123456789abcdefghijklmnopqrstuvw";
    public const string BobKey = "sym_bob-cli-test-key-0123456789abcdefghijklmnopqrstuvwxy";
    public const string CarolKey = "sym_carol-cli-test-key-0123456789abcdefghijklmnopqrstuv";

    private readonly WebApplication _app;
    private readonly string _folder;

    private LoopbackHost(WebApplication app, string folder, Uri url)
    {
        _app = app;
        _folder = folder;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<LoopbackHost> StartAsync()
    {
        string folder = Directory.CreateTempSubdirectory("sym-cli-host-").FullName;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Storage:Path"] = Path.Combine(folder, "sym.db"),
            ["Sym:Flows:db_access:Label"] = "Database access",
            ["Sym:Flows:db_access:Strategy:Type"] = "grant_nothing",
            ["Sym:Flows:db_access:Targets:0:Name"] = "prod_db",
            ["Sym:Flows:db_access:Targets:0:Label"] = "Production database",
            // The story's own target: runs of one requester and target share their grant, so another test's active run
            // of prod_db would keep the access the story revokes (and its audit would say so instead of deescalating).
            ["Sym:Flows:db_access:Targets:1:Name"] = "story_db",
            ["Sym:Flows:db_access:Targets:1:Label"] = "Story database",
            ["Sym:Flows:db_access:AllowedDurations:0"] = "1h",
            ["Sym:Flows:db_access:AllowedDurations:1"] = "4h",
            ["Sym:Flows:db_access:MaxDuration"] = "1d",
            ["Sym:Flows:db_access:Fields:0:Name"] = "reason",
            ["Sym:Flows:db_access:Fields:0:Type"] = "string",
            ["Sym:Flows:db_access:Fields:0:Required"] = "true",
            ["Sym:Flows:db_access:Fields:1:Name"] = "ticket",
            ["Sym:Flows:db_access:Fields:1:Type"] = "string",
            ["Sym:Flows:db_access:Fields:1:Required"] = "false",
            ["Sym:Flows:db_access:Approvers:Users:0"] = "bob@example.com",
            ["Sym:Api:Keys:0:Name"] = "alice-laptop",
            ["Sym:Api:Keys:0:Hash"] = SymApiKeys.Hash(AliceKey),
            ["Sym:Api:Keys:0:User"] = "alice@example.com",
            ["Sym:Api:Keys:1:Name"] = "bob-laptop",
            ["Sym:Api:Keys:1:Hash"] = SymApiKeys.Hash(BobKey),
            ["Sym:Api:Keys:1:User"] = "bob@example.com",
            ["Sym:Api:Keys:2:Name"] = "carol-laptop",
            ["Sym:Api:Keys:2:Hash"] = SymApiKeys.Hash(CarolKey),
            ["Sym:Api:Keys:2:User"] = "carol@example.com",
        });
        builder.AddSymHosting(sym => sym.UseSqliteStore().AddStrategy<GrantNothingStrategy>("grant_nothing"));
        WebApplication app = builder.Build();
        app.MapSymApi("/api");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        // Port 0: Kestrel picked a free port; Urls holds the address it bound.
        return new LoopbackHost(app, folder, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A strategy that grants nothing: the tests are about the CLI and the API, not about access.</summary>
    private sealed class GrantNothingStrategy : AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
            new(StrategyOutput.Applied());

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
            new(StrategyOutput.Applied());
    }
}
