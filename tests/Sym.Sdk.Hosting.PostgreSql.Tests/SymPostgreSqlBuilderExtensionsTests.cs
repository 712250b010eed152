using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql.Tests;

/// <summary>The store chosen by configuration (Sym:Storage:Provider), and the PostgreSQL registration's settings.</summary>
public sealed class SymPostgreSqlBuilderExtensionsTests
{
    [Theory]
    [InlineData("postgres", typeof(PostgreSqlSymStore))]
    [InlineData("PostgreSQL", typeof(PostgreSqlSymStore))]
    [InlineData("sqlite", typeof(SqliteSymStore))]
    [InlineData(null, typeof(SqliteSymStore))]
    public void UseConfiguredStore_Provider_RegistersThatStoreAsEveryPartOfTheStore(string? provider, Type expected)
    {
        IConfiguration configuration = Configuration(new()
        {
            ["Sym:Storage:Provider"] = provider, ["Sym:Storage:Path"] = Path.Combine(Path.GetTempPath(), "unused.db"), ["Sym:Storage:ConnectionString"] = "Host=db",
        });
        using ServiceProvider sp = new ServiceCollection().AddLogging().AddSingleton(configuration).AddSym().UseConfiguredStore(configuration).Services.BuildServiceProvider();

        sp.GetRequiredService<ISymStore>().Should().BeOfType(expected);
        sp.GetRequiredService<ISymTimerStore>().Should().BeSameAs(sp.GetRequiredService<ISymStore>());
        sp.GetRequiredService<ISymOutbox>().Should().BeSameAs(sp.GetRequiredService<ISymStore>());
    }

    [Fact]
    public void UseConfiguredStore_UnknownProvider_FailsNamingTheChoices()
    {
        IConfiguration configuration = Configuration(new() { ["Sym:Storage:Provider"] = "mongodb" });

        Action act = () => new ServiceCollection().AddSym().UseConfiguredStore(configuration);

        act.Should().Throw<SymException>().Which.Should().Match<SymException>(e =>
            e.ErrorCode == "Storage:UNKNOWN_PROVIDER" && e.Message.Contains("'mongodb'") && e.Hint!.Contains("'postgres'"));
    }

    [Fact]
    public void ValidateOnStart_NoConnectionString_FailsNamingTheSetting()
    {
        using ServiceProvider sp = Build(new() { ["Sym:Storage:Provider"] = "postgres" }, s => s.AddSym().UsePostgreSqlStore());

        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Sym:Storage:ConnectionString is required");
    }

    [Fact]
    public void ValidateOnStart_BadConnectionString_FailsWithoutRepeatingIt()
    {
        using ServiceProvider sp = Build(new() { ["Sym:Storage:ConnectionString"] = "Host=db;Password=hunter2;Nonsense=1" }, s => s.AddSym().UsePostgreSqlStore());

        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("not a valid Npgsql connection string").And.NotContain("hunter2");
    }

    [Fact]
    public void ValidateOnStart_ProviderSqliteButThePostgreSqlStoreRegistered_Fails()
    {
        using ServiceProvider sp = Build(new() { ["Sym:Storage:Provider"] = "sqlite", ["Sym:Storage:ConnectionString"] = "Host=db" }, s => s.AddSym().UsePostgreSqlStore());

        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Sym:Storage:Provider is 'sqlite'");
    }

    [Theory]
    [InlineData(null, 250)]
    [InlineData("00:00:00.100", 100)]
    [InlineData("00:00:00", 0)]
    public void UsePostgreSqlStore_SchedulerJitter_IsAQuarterOfTheIntervalUnlessConfigured(string? configured, int expectedMilliseconds)
    {
        using ServiceProvider sp = Build(
            new() { ["Sym:Storage:ConnectionString"] = "Host=db", ["Sym:Engine:SchedulerJitter"] = configured },
            s =>
            {
                s.AddSym();
                s.AddOptions<SymOptions>().BindConfiguration("Sym:Engine");
                s.AddSym().UsePostgreSqlStore();
            });

        sp.GetRequiredService<IOptions<SymOptions>>().Value.SchedulerJitter.Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Configuration(settings));
        register(services);
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
