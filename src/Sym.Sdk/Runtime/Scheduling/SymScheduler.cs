using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <summary>
/// The engine's background loops: every <see cref="SymOptions.SchedulerInterval"/> (on the <see cref="TimeProvider"/>) it
/// fires due timers (<see cref="SymEngine.ProcessDueTimersAsync"/>; each wait moved by up to <see cref="SymOptions.SchedulerJitter"/>), and beside that it delivers the outbox's notifications
/// as steps commit them. A host runs <see cref="RunAsync"/> in the background; tests call
/// <see cref="SymEngine.ProcessDueTimersAsync"/> and <see cref="SymEngine.DeliverDueMessagesAsync"/> directly after
/// advancing a fake clock.
/// </summary>
public sealed class SymScheduler
{
    private readonly SymEngine _engine;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _jitter;
    private readonly ILogger _logger;
    private readonly SchedulerProgress _progress;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="engine">The engine whose timers to fire.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="options">The interval.</param>
    /// <param name="logger">Where tick failures are logged.</param>
    public SymScheduler(SymEngine engine, TimeProvider timeProvider, IOptions<SymOptions> options, ILogger<SymScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _interval = options.Value.SchedulerInterval;
        _jitter = options.Value.SchedulerJitter;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _progress = new SchedulerProgress(_time, options.Value.SchedulerStallTimeout, _logger, engine.Telemetry);
    }

    /// <summary>When the last timer tick completed without error; <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastSuccessfulTickAt => _progress.LastSuccessAt;

    /// <summary>
    /// Whether <see cref="RunAsync"/> has gone longer than <see cref="SymOptions.SchedulerStallTimeout"/> without completing
    /// a timer tick (counted from its start before the first): due timers, revocations among them, are not firing. A
    /// failing tick logs an error once the loop is stalled; a host reports it through its health check.
    /// </summary>
    public bool IsStalled => _progress.IsStalled;

    /// <summary>
    /// Runs the engine's background work until cancelled: first <see cref="SymEngine.ReconcileAsync"/> (every non-final run
    /// has its timer), then, side by side, the timer loop (every <see cref="SymOptions.SchedulerInterval"/> it fires due
    /// timers) and the outbox dispatcher (it delivers notifications as steps commit them, up to
    /// <see cref="SymOptions.OutboxConcurrency"/> at once, so a slow chat service never holds up timers or other runs). A
    /// failing tick is logged and the loops go on; a timer loop that has not completed a tick for
    /// <see cref="SymOptions.SchedulerStallTimeout"/> is also logged as a stall (see <see cref="IsStalled"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops the loops.</param>
    /// <returns>A task that completes when the loops stop.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        _progress.Start();
        try
        {
            await _engine.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            EngineLog.SchedulerTickFailed(_logger, SecretRedactor.RedactException(ex), SecretRedactor.Redact(ex.Message));
        }

        Task dispatcher = _engine.RunDispatcherAsync(null, cancellationToken);
        try
        {
            await RunTimersAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await dispatcher.ConfigureAwait(false);
        }
    }

    private async Task RunTimersAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _engine.ProcessDueTimersAsync(cancellationToken).ConfigureAwait(false);
                _progress.TickSucceeded();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                string message = SecretRedactor.Redact(ex.Message);
                EngineLog.SchedulerTickFailed(_logger, SecretRedactor.RedactException(ex), message);
                _progress.TickFailed(message);
            }

            try
            {
                await Task.Delay(SymEngine.Jittered(_interval, _jitter), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
