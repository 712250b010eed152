using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Sym.Sdk.Hosting.Tests;

/// <summary>
/// The real host (AddSymHosting, MapSymApi, MapSymHealth, the scheduler service) on a TestServer, with a fake clock and
/// a configured flow <c>test_access</c> whose strategy records its calls. Users: alice and bob (members), carol (member,
/// not an approver when <c>approverUsers</c> is set), root (admin), gus (guest).
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string AliceKey = "sym_alice-test-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string BobKey = "sym_bob-test-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string CarolKey = "sym_carol-test-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string RootKey = "sym_root-test-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string GuestKey = "sym_gus-test-key-0123456789abcdefghijklmnopqrstuvwxyz";

    private TestHost(WebApplication app, FakeTimeProvider time, RecordingStrategy strategy)
    {
        App = app;
        Time = time;
        Strategy = strategy;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public RecordingStrategy Strategy { get; }

    public static Dictionary<string, string?> BaseConfiguration() => new()
    {
        ["Sym:Engine:SchedulerInterval"] = "00:00:01",
        ["Sym:Flows:test_access:Label"] = "Test access",
        ["Sym:Flows:test_access:Strategy:Type"] = "recording",
        ["Sym:Flows:test_access:Targets:0:Name"] = "prod-db",
        ["Sym:Flows:test_access:Targets:0:Label"] = "Production DB",
        ["Sym:Flows:test_access:AllowedDurations:0"] = "1h",
        ["Sym:Flows:test_access:AllowedDurations:1"] = "4h",
        ["Sym:Flows:test_access:MaxDuration"] = "1d",
        ["Sym:Flows:test_access:Fields:0:Name"] = "reason",
        ["Sym:Flows:test_access:Fields:0:Type"] = "string",
        ["Sym:Flows:test_access:Fields:0:Required"] = "true",
        ["Sym:Flows:test_access:Fields:1:Name"] = "duration",
        ["Sym:Flows:test_access:Fields:1:Type"] = "duration",
        ["Sym:Flows:test_access:Fields:1:Required"] = "true",
        ["Sym:Api:Keys:0:Name"] = "alice-laptop",
        ["Sym:Api:Keys:0:Hash"] = SymApiKeys.Hash(AliceKey),
        ["Sym:Api:Keys:0:User"] = "alice@example.com",
        ["Sym:Api:Keys:1:Name"] = "bob-laptop",
        ["Sym:Api:Keys:1:Hash"] = SymApiKeys.Hash(BobKey),
        ["Sym:Api:Keys:1:User"] = "bob@example.com",
        ["Sym:Api:Keys:2:Name"] = "carol-laptop",
        ["Sym:Api:Keys:2:Hash"] = SymApiKeys.Hash(CarolKey),
        ["Sym:Api:Keys:2:User"] = "carol@example.com",
        ["Sym:Api:Keys:3:Name"] = "root-ci",
        ["Sym:Api:Keys:3:Hash"] = SymApiKeys.Hash(RootKey),
        ["Sym:Api:Keys:3:User"] = "root@example.com",
        ["Sym:Api:Keys:3:Role"] = "admin",
        ["Sym:Api:Keys:4:Name"] = "gus",
        ["Sym:Api:Keys:4:Hash"] = SymApiKeys.Hash(GuestKey),
        ["Sym:Api:Keys:4:User"] = "gus@partner.example",
        ["Sym:Api:Keys:4:Role"] = "guest",
    };

    public static async Task<TestHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null, Action<SymHostingBuilder>? hosting = null)
    {
        Dictionary<string, string?> config = BaseConfiguration();
        configure?.Invoke(config);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear(); // only this test's settings (no appsettings.json from the output folder)
        builder.Configuration.AddInMemoryCollection(config);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var strategy = new RecordingStrategy();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(strategy);
        services?.Invoke(builder.Services);
        builder.AddSymHosting(h =>
        {
            h.UseInMemoryStore().AddStrategy<RecordingStrategy>("recording");
            hosting?.Invoke(h);
        });
        WebApplication app = builder.Build();
        app.MapSymApi("/api");
        app.MapSymHealth("/health");
        app.MapSymSlack("/slack");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TestHost(app, time, strategy);
    }

    public HttpClient Client(string? key = null)
    {
        HttpClient client = App.GetTestClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
