using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Internal.Slack;

namespace Sym.Sdk.Hosting.Tests.Slack;

public sealed class SlackBackgroundQueueTests
{
    [Fact]
    public async Task TryEnqueue_FailingWork_IsLoggedAndTheNextWorkStillRuns()
    {
        var logger = new ListLogger();
        using SlackBackgroundQueue queue = Create(logger, capacity: 4, concurrency: 1);
        await queue.StartAsync(CancellationToken.None);
        bool ran = false;

        queue.TryEnqueue(_ => throw new InvalidOperationException("boom")).Should().BeTrue();
        queue.TryEnqueue(_ => { ran = true; return Task.CompletedTask; }).Should().BeTrue();
        await queue.WhenIdleAsync();

        ran.Should().BeTrue();
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task TryEnqueue_QueueFull_ReturnsFalse()
    {
        using SlackBackgroundQueue queue = Create(new ListLogger(), capacity: 1, concurrency: 1);
        await queue.StartAsync(CancellationToken.None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        queue.TryEnqueue(async _ => { started.SetResult(); await release.Task; }).Should().BeTrue();
        await started.Task; // the worker holds the first item; the channel is empty again
        queue.TryEnqueue(_ => Task.CompletedTask).Should().BeTrue("one item fits in the queue");
        queue.TryEnqueue(_ => Task.CompletedTask).Should().BeFalse("the queue is full");

        release.SetResult();
        await queue.WhenIdleAsync();
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_FinishesQueuedWorkAndThenRefusesMore()
    {
        using SlackBackgroundQueue queue = Create(new ListLogger(), capacity: 8, concurrency: 1);
        await queue.StartAsync(CancellationToken.None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ConcurrentQueue<int>();
        queue.TryEnqueue(async _ => { started.SetResult(); await release.Task; done.Enqueue(1); });
        queue.TryEnqueue(_ => { done.Enqueue(2); return Task.CompletedTask; });
        await started.Task;

        Task stopping = queue.StopAsync(CancellationToken.None);
        release.SetResult();
        await stopping;

        done.Should().Equal(1, 2);
        queue.TryEnqueue(_ => Task.CompletedTask).Should().BeFalse("a stopped queue takes no work");
        await queue.WhenIdleAsync();
    }

    [Fact]
    public async Task StopAsync_ShutdownTimeoutEnds_CancelsRunningWork()
    {
        var logger = new ListLogger();
        using SlackBackgroundQueue queue = Create(logger, capacity: 8, concurrency: 1);
        await queue.StartAsync(CancellationToken.None);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.TryEnqueue(async ct =>
        {
            started.SetResult();
            var never = new TaskCompletionSource();
            await never.Task.WaitAsync(ct);
        });
        await started.Task;

        using var timeout = new CancellationTokenSource();
        await timeout.CancelAsync();
        await queue.StopAsync(timeout.Token);
        await queue.WhenIdleAsync();

        logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("shutdown", StringComparison.Ordinal));
    }

    private static SlackBackgroundQueue Create(ListLogger logger, int capacity, int concurrency) =>
        new(Options.Create(new SlackHostOptions { BackgroundQueueCapacity = capacity, BackgroundConcurrency = concurrency }), logger);

    private sealed class ListLogger : ILogger<SlackBackgroundQueue>
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
