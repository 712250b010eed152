using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests;

public sealed class SymHostingServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddSymHosting_ConfiguredFlow_IsLoadedWithItsDefinition()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:Flows:test_access:Vars:request_channel"] = "#prod-access";
            c["Sym:Flows:test_access:RequiredApprovals"] = "2";
        });

        SymEngine engine = host.App.Services.GetRequiredService<SymEngine>();
        engine.Flows.Should().Equal("test_access");
        var options = host.App.Services.GetRequiredService<IOptionsMonitor<Sym.Sdk.Flows.FlowOptions>>().Get("test_access");
        options.Label.Should().Be("Test access");
        options.Vars["request_channel"].Should().Be("#prod-access");
        options.RequiredApprovals.Should().Be(2);
        options.AllowedDurations.Should().Equal("1h", "4h");
        options.Targets.Should().ContainSingle().Which.Label.Should().Be("Production DB");
    }

    [Fact]
    public async Task Start_UnknownStrategyType_FailsNamingTheSettingAndTheRegisteredTypes()
    {
        Func<Task> start = () => TestHost.StartAsync(c => c["Sym:Flows:test_access:Strategy:Type"] = "okra");

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("Sym:Flows:test_access:Strategy:Type 'okra' is not a registered strategy")
            .And.Contain("aws_sso").And.Contain("recording");
    }

    [Fact]
    public async Task Start_UnknownImplementation_Fails()
    {
        Func<Task> start = () => TestHost.StartAsync(c => c["Sym:Flows:test_access:Implementation"] = "nope");

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("Sym:Flows:test_access:Implementation 'nope' is not a registered flow implementation");
    }

    [Fact]
    public async Task Start_InvalidFlowDefinition_ListsEveryBadSettingByPath()
    {
        Func<Task> start = () => TestHost.StartAsync(c =>
        {
            c["Sym:Flows:test_access:AllowedDurations:1"] = "forever";
            c["Sym:Flows:test_access:Fields:1:Type"] = "date";
            c["Sym:Flows:test_access:Targets:0:Name"] = "";
            c["Sym:Flows:test_access:Approvers:Level"] = "boss";
        });

        string message = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message;
        message.Should().Contain("Sym:Flows:test_access:AllowedDurations:1 'forever' is not a positive duration")
            .And.Contain("Sym:Flows:test_access:Fields:1:Type 'date' is not a field type")
            .And.Contain("Sym:Flows:test_access:Targets:0:Name is required")
            .And.Contain("Sym:Flows:test_access:Approvers:Level 'boss' is not a level");
    }

    [Fact]
    public async Task Start_ApproversWithLevelAndUsers_Fails()
    {
        Func<Task> start = () => TestHost.StartAsync(c =>
        {
            c["Sym:Flows:test_access:Approvers:Level"] = "admin";
            c["Sym:Flows:test_access:Approvers:Users:0"] = "bob@example.com";
        });

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("has both Level and Users");
    }

    [Theory]
    [InlineData("Sym:Api:Keys:0:Hash", "abc", "Sym:Api:Keys:0:Hash must be 64 hex characters")]
    [InlineData("Sym:Api:Keys:0:Hash", "", "Sym:Api:Keys:0:Hash is required")]
    [InlineData("Sym:Api:Keys:1:User", "", "Sym:Api:Keys:1:User is required")]
    [InlineData("Sym:Api:Keys:1:Role", "owner", "Sym:Api:Keys:1:Role 'owner' is not a role")]
    [InlineData("Sym:Api:Keys:1:Name", "alice-laptop", "Sym:Api:Keys:1:Name 'alice-laptop' is used by another key")]
    [InlineData("Sym:Api:MaxRequestBodySize", "100", "Sym:Api:MaxRequestBodySize must be between 1024 and 16777216 bytes; it is 100.")]
    [InlineData("Sym:Api:MaxUrlLength", "100000", "Sym:Api:MaxUrlLength must be between 256 and 65536 characters; it is 100000.")]
    public async Task Start_InvalidApiSetting_FailsNamingTheSetting(string key, string value, string expected)
    {
        Func<Task> start = () => TestHost.StartAsync(c => c[key] = value);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Start_PlainKeyConfiguredInsteadOfHash_Fails()
    {
        Func<Task> start = () => TestHost.StartAsync(c => c["Sym:Api:Keys:0:Hash"] = TestHost.AliceKey);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("must be 64 hex characters");
    }

    [Theory]
    [InlineData("TimerBatchSize", "0", "Sym:Engine:TimerBatchSize must be positive; it is 0.")]
    [InlineData("SchedulerInterval", "00:00:00", "Sym:Engine:SchedulerInterval must be positive; it is 00:00:00.")]
    [InlineData("SchedulerInterval", "-00:00:05", "Sym:Engine:SchedulerInterval must be positive; it is -00:00:05.")]
    [InlineData("SchedulerStallTimeout", "00:00:01", "Sym:Engine:SchedulerStallTimeout must be longer than Sym:Engine:SchedulerInterval (00:00:01); it is 00:00:01.")]
    public async Task Start_BadEngineSetting_FailsNamingItsRealPath(string setting, string value, string expected)
    {
        Func<Task> start = () => TestHost.StartAsync(c => c[$"Sym:Engine:{setting}"] = value);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(expected).And.NotContain("Sym:" + setting);
    }

    [Fact]
    public async Task AddSymHosting_CalledTwice_IsHarmless()
    {
        await using TestHost host = await TestHost.StartAsync(services: s =>
            s.AddSymHosting(new ConfigurationBuilder().AddInMemoryCollection(TestHost.BaseConfiguration()).Build()));

        HttpResponseMessage response = await host.Client().GetAsync(new Uri("/health", UriKind.Relative));

        response.IsSuccessStatusCode.Should().BeTrue();
        host.App.Services.GetRequiredService<SymEngine>().Flows.Should().Equal("test_access");
    }

    [Fact]
    public async Task AddSymHosting_WithoutChat_NotifiesThroughTheLog_KeepingNothingInMemory()
    {
        await using TestHost host = await TestHost.StartAsync();

        host.App.Services.GetRequiredService<ISymNotifier>().GetType().Name.Should().Be("LoggingNotifier");
    }

    [Fact]
    public async Task Start_WithoutADurableStoreOrAnExplicitInMemoryOne_FailsNamingTheFix()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(TestHost.BaseConfiguration());
        builder.Services.AddSingleton(new RecordingStrategy());
        builder.AddSymHosting(h => h.AddStrategy<RecordingStrategy>("recording"));
        await using WebApplication app = builder.Build();

        Func<Task> start = () => app.StartAsync();

        SymException error = (await start.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Hosting:NO_DURABLE_STORE");
        error.Hint.Should().Contain("UseSqliteStore").And.Contain("UseInMemoryStore");
    }

    [Fact]
    public async Task Start_InMemoryStoreChosenExplicitly_Runs()
    {
        await using TestHost host = await TestHost.StartAsync();

        host.App.Services.GetRequiredService<ISymStore>().Should().BeOfType<InMemorySymStore>();
        (await host.Client().GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode.Should().BeTrue();
    }
}
