using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Internal;

public sealed class LoggingNotifierTests
{
    [Fact]
    public async Task DeliverAsync_AnnouncementOfAnApiOnlyHost_LogsTheDestinationInWords()
    {
        var logs = new ListLoggerProvider();
        await using TestHost host = await TestHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));

        string runId = await host.Client(TestHost.AliceKey).CreateRequestAsync();
        await host.App.Services.GetRequiredService<SymEngine>().DeliverDueMessagesAsync();

        logs.Lines.Should().Contain($"Information Request {runId} of flow test_access announced to #sym-requests.");
        logs.Lines.Should().NotContain(l => l.Contains("SlackChannelName", StringComparison.Ordinal));
    }
}
