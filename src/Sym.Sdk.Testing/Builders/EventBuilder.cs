using System.Text.Json;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing;

/// <summary>
/// Builds an <see cref="Event"/> the way the engine would hand it to a hook, reducer or strategy. Start with
/// <see cref="FakeEvents.Event(string)"/>; every part has a sensible default (a requester <c>requester@example.com</c>,
/// flow <c>custom_access</c>, run <c>run-1</c>, time <see cref="SymFlowHarnessBuilder.DefaultStart"/>).
/// </summary>
public sealed class EventBuilder
{
    private static readonly User DefaultUser = new() { Username = "requester@example.com" };
    private readonly ApprovalTemplateStep _step;
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, User> _actors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StrategyOutput> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);
    private User? _user;
    private Flow _flow = new() { Name = "custom_access", Label = "custom_access" };
    private AccessTarget? _target;
    private DateTimeOffset _timestamp = SymFlowHarnessBuilder.DefaultStart;
    private string _runId = "run-1";
    private string? _channel = "slack";
    private string _id = "event-1";

    internal EventBuilder(ApprovalTemplateStep step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step.Name, nameof(step));
        _step = step;
    }

    /// <summary>Who acts in this event (the payload's user). For a request it is the requester.</summary>
    /// <param name="user">The user.</param>
    /// <returns>This builder.</returns>
    public EventBuilder By(User user)
    {
        _user = user ?? throw new ArgumentNullException(nameof(user));
        return this;
    }

    /// <summary>Who requested access (the run's <c>request</c> actor), when someone else acts in this event. The default is the event's user.</summary>
    /// <param name="requester">The requester.</param>
    /// <returns>This builder.</returns>
    public EventBuilder RequestedBy(User requester) => WithActor(ApprovalTemplateStep.Request, requester);

    /// <summary>Records who acted at an earlier step of the run (<c>evt.GetActor(step)</c>).</summary>
    /// <param name="step">The step.</param>
    /// <param name="user">Who acted.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithActor(ApprovalTemplateStep step, User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _actors[step.Name] = user;
        return this;
    }

    /// <summary>Sets the flow the event belongs to.</summary>
    /// <param name="flow">The flow, for example from <see cref="FakeEvents.Flow"/>.</param>
    /// <returns>This builder.</returns>
    public EventBuilder InFlow(Flow flow)
    {
        _flow = flow ?? throw new ArgumentNullException(nameof(flow));
        return this;
    }

    /// <summary>Sets a flow variable (<c>evt.Flow.Vars</c>).</summary>
    /// <param name="name">The variable.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithVar(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _vars[name] = value;
        return this;
    }

    /// <summary>Sets the requested target (<c>evt.Fields.Target</c>; the strategy's target id is its id).</summary>
    /// <param name="target">The target, for example from <see cref="FakeEvents.Target"/>.</param>
    /// <returns>This builder.</returns>
    public EventBuilder For(AccessTarget target)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        return this;
    }

    /// <summary>Sets a field: a string, bool, int, long, <see cref="TimeSpan"/> (a duration), a list of strings or integers, or a JSON value.</summary>
    /// <param name="name">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithField(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _fields[name] = FieldValues.ToJson(name, value);
        return this;
    }

    /// <summary>Sets the <c>reason</c> field.</summary>
    /// <param name="reason">Why access is wanted.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithReason(string reason) => WithField("reason", reason);

    /// <summary>Sets the <c>duration</c> field.</summary>
    /// <param name="duration">How long access is wanted.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithDuration(TimeSpan duration) => WithField("duration", duration);

    /// <summary>Records a strategy output of an earlier step (read with <c>GetStepOutput</c>).</summary>
    /// <param name="step">The step, usually <see cref="ApprovalTemplateStep.Escalate"/>.</param>
    /// <param name="output">The output.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithOutput(ApprovalTemplateStep step, StrategyOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _outputs[step.Name] = output;
        return this;
    }

    /// <summary>
    /// Records the context of an earlier step (read with <c>evt.GetContext(step)</c>), for example what the requester
    /// attached to the request: values by name, of the kinds <see cref="WithField"/> takes.
    /// </summary>
    /// <param name="step">The step, usually <see cref="ApprovalTemplateStep.Request"/>.</param>
    /// <param name="context">The context's values by name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A value is of a kind a field cannot have.</exception>
    public EventBuilder WithContext(ApprovalTemplateStep step, IReadOnlyDictionary<string, object?> context)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step.Name, nameof(step));
        ArgumentNullException.ThrowIfNull(context);
        _contexts[step.Name] = FieldValues.ToJsonObject(context)!.Value;
        return this;
    }

    /// <summary>Sets when the event happened.</summary>
    /// <param name="timestamp">The time.</param>
    /// <returns>This builder.</returns>
    public EventBuilder At(DateTimeOffset timestamp)
    {
        _timestamp = timestamp;
        return this;
    }

    /// <summary>Sets the run's id.</summary>
    /// <param name="runId">The id.</param>
    /// <returns>This builder.</returns>
    public EventBuilder InRun(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        _runId = runId;
        return this;
    }

    /// <summary>Sets the channel the run came from. The default value is <c>slack</c>.</summary>
    /// <param name="channel">The channel, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public EventBuilder FromChannel(string? channel)
    {
        _channel = channel;
        return this;
    }

    /// <summary>Sets the event's id. The default value is <c>event-1</c>.</summary>
    /// <param name="id">The id.</param>
    /// <returns>This builder.</returns>
    public EventBuilder WithId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _id = id;
        return this;
    }

    /// <summary>Builds the event.</summary>
    /// <returns>The event.</returns>
    public Event Build()
    {
        User user = _user ?? DefaultUser;
        var actors = new Dictionary<string, User>(_actors, StringComparer.Ordinal);
        actors.TryAdd(ApprovalTemplateStep.Request.Name, user);
        if (_step != ApprovalTemplateStep.Request)
        {
            actors.TryAdd(_step.Name, user);
        }

        Flow flow = _flow;
        if (_vars.Count > 0)
        {
            var vars = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> kv in flow.Vars)
            {
                vars[kv.Key] = kv.Value;
            }

            foreach (KeyValuePair<string, string> kv in _vars)
            {
                vars[kv.Key] = kv.Value;
            }

            flow = flow with { Vars = vars };
        }

        if (_target is not null && flow.Strategy is null)
        {
            flow = flow with { Strategy = new Strategy { Targets = [_target] } };
        }

        return new Event
        {
            Id = _id,
            Name = _step.Name,
            Payload = new EventPayload
            {
                Timestamp = _timestamp,
                Fields = new EventFields(new Dictionary<string, JsonElement>(_fields, StringComparer.Ordinal), _target),
                User = user,
                Srn = new Srn("sym", "event-spec", "approval", "1.0.0", identifier: _step.Name),
            },
            Flow = flow,
            Run = new Run
            {
                Id = _runId,
                Actors = actors,
                Outputs = new Dictionary<string, StrategyOutput>(_outputs, StringComparer.Ordinal),
                Contexts = new Dictionary<string, JsonElement>(_contexts, StringComparer.Ordinal),
                SourceChannel = _channel,
            },
            Channel = _channel,
        };
    }
}
