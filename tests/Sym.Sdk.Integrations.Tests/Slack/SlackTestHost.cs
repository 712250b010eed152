using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Slack;

/// <summary>A service provider with the real Slack registration over a fake primary handler, a fake clock and captured logs.</summary>
internal sealed class SlackTestHost : IDisposable
{
    public const string Token = "xoxb-1234-5678-SECRETTOKENVALUE";

    private readonly ServiceProvider _services;

    public SlackTestHost(Action<SlackOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSymSlack(o =>
        {
            o.BotToken = Token;
            configure?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(() => Http);
        _services = services.BuildServiceProvider(validateScopes: true);
    }

    public FakeHttpHandler Http { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public CapturingLoggerProvider Logs { get; } = new();

    public ISlackClient Client => _services.GetRequiredService<ISlackClient>();

    public IServiceProvider Services => _services;

    /// <summary>Runs a call while moving the fake clock on, so retry delays elapse.</summary>
    public async Task<T> RunAsync<T>(Func<ISlackClient, Task<T>> call)
    {
        Task<T> task = call(Client);
        for (int i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System));
            if (!task.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        return await task;
    }

    public Task RunAsync(Func<ISlackClient, Task> call) => RunAsync(async c =>
    {
        await call(c);
        return true;
    });

    public void Dispose() => _services.Dispose();
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{structured}] {exception}");
        }
    }
}
