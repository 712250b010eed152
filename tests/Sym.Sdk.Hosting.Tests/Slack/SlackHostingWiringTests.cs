using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Internal.Slack;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Slack;

public sealed class SlackHostingWiringTests
{
    [Fact]
    public async Task AddSymHosting_WithSlackConfigured_UsesTheRealClientTheSlackNotifierAndTheSettings()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:Slack:BotToken"] = "xoxb-real";
            c["Sym:Slack:SigningSecret"] = "secret";
            c["Sym:Slack:DefaultFlow"] = "test_access";
            c["Sym:Slack:Admins:0"] = "root@example.com";
            c["Sym:Slack:MaxRetries"] = "1";
        });
        IServiceProvider services = host.App.Services;

        ISlackClient client = services.GetRequiredService<ISlackClient>();
        client.GetType().Assembly.Should().BeSameAs(typeof(ISlackClient).Assembly, "the real (internal) client, not a fake");
        client.GetType().Name.Should().Be("SlackClient");
        services.GetRequiredService<ISymNotifier>().Should().BeOfType<SlackNotifier>();
        services.GetRequiredService<IOptions<SlackOptions>>().Value.BotToken.Should().Be("xoxb-real");
        services.GetRequiredService<IOptions<SlackOptions>>().Value.MaxRetries.Should().Be(1);
        SlackInteractionOptions interaction = services.GetRequiredService<IOptions<SlackInteractionOptions>>().Value;
        interaction.DefaultFlow.Should().Be("test_access");
        interaction.Admins.Should().Equal("root@example.com");
        services.GetService<SlackHostEnabled>().Should().NotBeNull();
        services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Should().ContainSingle(h => h is SlackInboxRecoveryService);
        await services.GetRequiredService<SlackInboxRecoveryService>().FirstPass; // it runs as the host starts
    }

    [Fact]
    public async Task AddSymHosting_WithoutSlack_LogsNotificationsAndRegistersNoSlackServices()
    {
        await using TestHost host = await TestHost.StartAsync();
        IServiceProvider services = host.App.Services;

        services.GetRequiredService<ISymNotifier>().Should().NotBeOfType<SlackNotifier>();
        services.GetService<ISlackClient>().Should().BeNull();
        services.GetService<SlackHostEnabled>().Should().BeNull();
        services.GetService<SlackRequestVerifier>().Should().BeNull();
        services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Should().NotContain(h => h is SlackInboxRecoveryService);
    }

    [Theory]
    [InlineData("MaxRequestBodySize", "10", "Sym:Slack:MaxRequestBodySize must be between 1024")]
    [InlineData("BackgroundQueueCapacity", "0", "Sym:Slack:BackgroundQueueCapacity must be at least 1")]
    [InlineData("BackgroundConcurrency", "0", "Sym:Slack:BackgroundConcurrency must be between 1 and 64")]
    public async Task Start_InvalidSlackSetting_FailsNamingIt(string setting, string value, string message)
    {
        Func<Task> start = async () => await (await TestHost.StartAsync(c =>
        {
            c["Sym:Slack:BotToken"] = "xoxb-real";
            c["Sym:Slack:SigningSecret"] = "secret";
            c[$"Sym:Slack:{setting}"] = value;
        })).DisposeAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }
}
