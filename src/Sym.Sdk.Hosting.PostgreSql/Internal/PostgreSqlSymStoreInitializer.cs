using Microsoft.Extensions.Hosting;

namespace Sym.Sdk.Hosting.PostgreSql.Internal;

/// <summary>
/// Connects and migrates the store when the host starts, before any hosted service's <c>StartAsync</c> (so before the
/// scheduler), so a database that cannot be used stops the host with a clear error instead of failing the first request.
/// </summary>
internal sealed class PostgreSqlSymStoreInitializer(PostgreSqlSymStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
