using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// Collects what happens in a harness, in order: story actions, audit steps, strategy calls, messages, errors, fake calls
/// and faults; tracks the latest snapshot of every run and names runs <c>run-1</c>, <c>run-2</c>, … in creation order.
/// Entries keep their typed source and are formatted only when read.
/// </summary>
internal sealed class HarnessRecorder(TimeProvider time) : IStrategyCallObserver
{
    private readonly Lock _gate = new();
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<StrategyCall> _calls = [];
    private readonly List<SymNotificationRecord> _messages = [];
    private readonly List<string> _runOrder = [];
    private readonly Dictionary<string, (string Alias, SymRun Latest)> _runs = new(StringComparer.Ordinal);
    private DateTimeOffset _start = time.GetUtcNow();

    // The strategy call in progress: fake operations during it belong to its run.
    private StrategyCall? _activeCall;

    public DateTimeOffset Start => _start;

    public TimeSpan Elapsed => time.GetUtcNow() - _start;

    public void Reset()
    {
        lock (_gate)
        {
            _timeline.Clear();
            _calls.Clear();
            _messages.Clear();
            _runOrder.Clear();
            _runs.Clear();
            _start = time.GetUtcNow();
        }
    }

    public IReadOnlyList<TimelineEntry> Timeline
    {
        get
        {
            lock (_gate)
            {
                return [.. _timeline];
            }
        }
    }

    public IReadOnlyList<StrategyCall> StrategyCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<SymNotificationRecord> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<string> RunIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _runOrder];
            }
        }
    }

    public SymRun? Latest(string runId)
    {
        lock (_gate)
        {
            return _runs.TryGetValue(runId, out (string Alias, SymRun Latest) run) ? run.Latest : null;
        }
    }

    public string? AliasOf(string? runId)
    {
        if (runId is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _runs.TryGetValue(runId, out (string Alias, SymRun Latest) run) ? run.Alias : null;
        }
    }

    public string? IdOf(string idOrAlias)
    {
        lock (_gate)
        {
            if (_runs.ContainsKey(idOrAlias))
            {
                return idOrAlias;
            }

            foreach (string id in _runOrder)
            {
                if (string.Equals(_runs[id].Alias, idOrAlias, StringComparison.Ordinal))
                {
                    return id;
                }
            }

            return null;
        }
    }

    public void OnRunSaved(SymRun run, bool created)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(run.Id, out (string Alias, SymRun Latest) known))
            {
                _runs[run.Id] = (known.Alias, run);
            }
            else
            {
                _runOrder.Add(run.Id);
                _runs[run.Id] = ("run-" + _runOrder.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), run);
            }
        }
    }

    public void OnAudit(SymAuditEntry entry) => Add(TimelineEntryKind.Step, entry.RunId, entry.Actor, entry, null);

    /// <summary>Records the answer an actor got when the engine ignored (or failed) their action, as a front end shows it.</summary>
    public void OnReply(User actor, SymActionResult result)
    {
        if (result.Status != SymActionStatus.Applied && result.Message is { } message)
        {
            OnMessage(new SymNotificationRecord
            {
                Kind = SymNotificationKind.Ignored, RunId = result.Run?.Id, Recipient = actor, Message = message, Delivered = true,
            });
        }
    }

    public void OnMessage(SymNotificationRecord record)
    {
        lock (_gate)
        {
            _messages.Add(record);
        }

        TimelineEntryKind kind = record.Kind == SymNotificationKind.Error ? TimelineEntryKind.Error : TimelineEntryKind.Message;
        Add(kind, record.RunId, record.Recipient?.Username, record, null);
    }

    /// <summary>Records a message the flow's own code posted to a <c>FakeSlack</c>; the engine's own deliveries through Slack are already recorded.</summary>
    public void OnHookMessage(Slack.FakeSlackMessage message, string destination, string? recipientEmail, bool engineDelivering)
    {
        if (engineDelivering)
        {
            return;
        }

        OnMessage(new SymNotificationRecord
        {
            Kind = SymNotificationKind.HookMessage,
            Origin = SymMessageOrigin.Hook,
            RunId = _activeCall?.RunId,
            Channel = destination,
            Recipient = recipientEmail is null ? null : new User { Username = recipientEmail, Email = recipientEmail },
            Message = message.Text,
            Delivered = true,
        });
    }

    public TimelineEntry OnAction(string? runId, string actor, string text) => Add(TimelineEntryKind.Action, runId, actor, null, text);

    public void OnFakeOperation(string fake, string operation, int call, Exception? fault)
    {
        string? runId = _activeCall?.RunId;
        if (fault is null)
        {
            Add(TimelineEntryKind.FakeCall, runId, null, null, $"{fake}: {operation}");
        }
        else
        {
            Add(TimelineEntryKind.Fault, runId, null, null, $"{fake}: {operation} -> injected fault (call #{call.ToString(System.Globalization.CultureInfo.InvariantCulture)}): {fault.Message}");
        }
    }

    /// <summary>The step of the strategy call in progress (<c>escalate</c>, <c>deescalate</c>), if any.</summary>
    public string? ActiveStrategyStep(out string? runId)
    {
        StrategyCall? call = _activeCall;
        runId = call?.RunId;
        return call?.Step;
    }

    public StrategyCall OnStrategyCalling(string? runId, string step, string targetId, Event evt)
    {
        var call = new StrategyCall(runId, AliasOf(runId), step, targetId, evt, Elapsed);
        lock (_gate)
        {
            _calls.Add(call);
        }

        Add(TimelineEntryKind.StrategyCall, runId, null, call, null);
        _activeCall = call;
        return call;
    }

    public void OnStrategyReturned(StrategyCall call, StrategyOutput? output, Exception? error)
    {
        call.Complete(output, error);
        if (ReferenceEquals(_activeCall, call))
        {
            _activeCall = null;
        }
    }

    object? IStrategyCallObserver.OnCalling(string runId, string step, string targetId, Event evt) => OnStrategyCalling(runId, step, targetId, evt);

    void IStrategyCallObserver.OnReturned(object? call, StrategyOutput? output, Exception? error) => OnStrategyReturned((StrategyCall)call!, output, error);

    private TimelineEntry Add(TimelineEntryKind kind, string? runId, string? actor, object? source, string? text)
    {
        TimeSpan elapsed = Elapsed;
        lock (_gate)
        {
            string? alias = runId is not null && _runs.TryGetValue(runId, out (string Alias, SymRun Latest) run) ? run.Alias : null;
            var entry = new TimelineEntry(kind, elapsed, runId, alias, actor, source, text);
            _timeline.Add(entry);
            return entry;
        }
    }
}
