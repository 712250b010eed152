using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>A logger factory whose every logger records each entry's level, event id and message (and, apart, its exception).</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

    /// <summary>The exception logged with each entry of <see cref="Entries"/>, at the same index.</summary>
    public List<Exception?> Exceptions { get; } = [];

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId, formatter(state, exception)));
            Exceptions.Add(exception);
        }
    }
}
