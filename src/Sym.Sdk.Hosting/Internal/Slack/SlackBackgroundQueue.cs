using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>
/// Runs the work Slack interactions carry on with after their 3-second answer (<see cref="SlackInteractionResult.RunBackgroundAsync"/>):
/// a bounded channel drained by a few workers. On shutdown it takes no more work, finishes what is queued, and cancels
/// what is still running when the host's shutdown timeout ends. Failures are logged, never thrown.
/// </summary>
internal sealed class SlackBackgroundQueue : BackgroundService
{
    private readonly Channel<Func<CancellationToken, Task>> _channel;
    private readonly int _concurrency;
    private readonly ILogger<SlackBackgroundQueue> _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource? _idle;

    public SlackBackgroundQueue(IOptions<SlackHostOptions> options, ILogger<SlackBackgroundQueue> logger)
    {
        SlackHostOptions o = options.Value;
        _channel = Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(o.BackgroundQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = o.BackgroundConcurrency == 1, SingleWriter = false,
        });
        _concurrency = o.BackgroundConcurrency;
        _logger = logger;
    }

    /// <summary>Queues the work; <see langword="false"/> when the queue is full or the host is stopping.</summary>
    public bool TryEnqueue(Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            _pending++;
        }

        if (_channel.Writer.TryWrite(work))
        {
            return true;
        }

        Done();
        return false;
    }

    /// <summary>Completes when no queued or running work is left (for tests and orderly shutdowns).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_pending == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration abort = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abort);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopping takes no more work; the workers drain what is queued, and _abort cancels it at the shutdown timeout.
        using CancellationTokenRegistration complete = stoppingToken.Register(static s => ((ChannelWriter<Func<CancellationToken, Task>>)s!).TryComplete(), _channel.Writer);
        var workers = new Task[_concurrency];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = DrainAsync();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        CancellationToken abort = _abort.Token;
        try
        {
            while (await _channel.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                while (_channel.Reader.TryRead(out Func<CancellationToken, Task>? work))
                {
                    try
                    {
                        await work(abort).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (abort.IsCancellationRequested)
                    {
                        HostingLog.SlackBackgroundAborted(_logger);
                    }
                    catch (Exception ex)
                    {
                        HostingLog.SlackBackgroundFailed(_logger, ex);
                    }
                    finally
                    {
                        Done();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The shutdown timeout ended: what is still queued is dropped (Slack's user sees no follow-up).
        }
    }

    private void Done()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_pending == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }
}
