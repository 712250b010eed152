using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Storage;

public sealed class SymSqliteBuilderExtensionsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UseSqliteStore_BeforeOrAfterAddSym_ReplacesTheInMemoryStoreEverywhere(bool sqliteFirst)
    {
        var services = new ServiceCollection();
        if (sqliteFirst)
        {
            services.AddSym().UseSqliteStore(_database.Path);
            services.AddSym();
        }
        else
        {
            services.AddSym();
            services.AddSym().UseSqliteStore(_database.Path);
        }

        using ServiceProvider provider = services.BuildServiceProvider();
        SqliteSymStore store = provider.GetRequiredService<SqliteSymStore>();
        provider.GetRequiredService<ISymRunStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ISymAuditLog>().Should().BeSameAs(store);
        provider.GetRequiredService<ISymIdentityStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ISymTimerStore>().Should().BeSameAs(store);
        store.Path.Should().Be(_database.Path);
        services.Count(d => d.ServiceType == typeof(ISymRunStore)).Should().Be(1);
    }

    [Fact]
    public void UseSqliteStore_Twice_RegistersOneStoreAndOneInitializer()
    {
        var services = new ServiceCollection();
        services.AddSym().UseSqliteStore(_database.Path).UseSqliteStore(_database.Path);
        services.Count(d => d.ServiceType == typeof(SqliteSymStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IHostedService)).Should().Be(1);
    }

    [Fact]
    public void UseSqliteStore_FromConfiguration_BindsSymStorage()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Storage:Path"] = _database.Path,
            ["Sym:Storage:BusyTimeout"] = "00:00:03",
        }).Build());
        services.AddSym().UseSqliteStore();

        using ServiceProvider provider = services.BuildServiceProvider();
        SqliteSymStoreOptions options = provider.GetRequiredService<IOptions<SqliteSymStoreOptions>>().Value;
        (options.Path, options.BusyTimeout).Should().Be((_database.Path, TimeSpan.FromSeconds(3)));
        provider.GetRequiredService<SqliteSymStore>().Path.Should().Be(_database.Path);
    }

    [Fact]
    public void UseSqliteStore_CodeAndConfiguration_CodeWins()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Storage:Path"] = "from-config.db",
            ["Sym:Storage:BusyTimeout"] = "00:00:03",
        }).Build());
        services.AddSym().UseSqliteStore(_database.Path);

        using ServiceProvider provider = services.BuildServiceProvider();
        SqliteSymStoreOptions options = provider.GetRequiredService<IOptions<SqliteSymStoreOptions>>().Value;
        (options.Path, options.BusyTimeout).Should().Be((_database.Path, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void UseSqliteStore_NoPath_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddSym().UseSqliteStore();
        using ServiceProvider provider = services.BuildServiceProvider();
        Action act = () => _ = provider.GetRequiredService<IOptions<SqliteSymStoreOptions>>().Value;
        act.Should().Throw<OptionsValidationException>().WithMessage("*Sym:Storage:Path is required*");
    }

    [Fact]
    public void UseSqliteStore_ProviderSaysPostgres_FailsValidationNamingTheProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Storage:Provider"] = "postgres", ["Sym:Storage:Path"] = _database.Path,
        }).Build());
        services.AddSym().UseSqliteStore();
        using ServiceProvider provider = services.BuildServiceProvider();
        Action act = () => _ = provider.GetRequiredService<IOptions<SqliteSymStoreOptions>>().Value;
        act.Should().Throw<OptionsValidationException>().WithMessage("*Sym:Storage:Provider is 'postgres'*");
    }

    [Fact]
    public void UseSqliteStore_MissingFolderAndBadTimeout_ReportsBoth()
    {
        var services = new ServiceCollection();
        services.AddSym().UseSqliteStore(o =>
        {
            o.Path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "sym.db");
            o.BusyTimeout = TimeSpan.FromSeconds(-1);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        Action act = () => _ = provider.GetRequiredService<IOptions<SqliteSymStoreOptions>>().Value;
        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(2)
            .And.Contain(f => f.Contains("does not exist", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("BusyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_Starting_MigratesTheStoreBeforeAnyRequest()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Sym:Storage:Path"] = _database.Path;
        builder.Services.AddSym();
        builder.Services.AddSym().UseSqliteStore();
        using IHost host = builder.Build();

        File.Exists(_database.Path).Should().BeFalse();
        await host.StartAsync();
        _database.Scalar("PRAGMA user_version;").Should().Be(SqliteSymStore.CurrentSchemaVersion);
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_Starting_NewerSchema_StopsTheHostWithTheStoreError()
    {
        _database.Execute("PRAGMA application_id = 1398361393; PRAGMA user_version = 99;");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSym().UseSqliteStore(_database.Path);
        using IHost host = builder.Build();

        (await ((Func<Task>)(() => host.StartAsync())).Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Storage:SCHEMA_TOO_NEW");
    }
}
