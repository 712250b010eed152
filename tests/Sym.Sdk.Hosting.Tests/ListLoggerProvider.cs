using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Hosting.Tests;

/// <summary>Keeps every log line a host writes (level, then the formatted message and its exception's message), for assertions.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(exception is null ? $"{logLevel} {formatter(state, exception)}" : $"{logLevel} {formatter(state, exception)} ({exception.Message})");
    }
}
