namespace Sym.Cli.Tests;

/// <summary>One loopback host shared by a test class; each test makes runs of its own.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    internal LoopbackHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LoopbackHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
