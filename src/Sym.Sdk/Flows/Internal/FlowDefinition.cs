using System.Collections.Frozen;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Flows.Internal;

/// <summary>A validated flow, compiled once: the model the hooks see, parsed durations, targets by name, and the flow's code.</summary>
internal sealed class FlowDefinition
{
    private readonly Srn?[] _eventSpecs;

    private FlowDefinition(string name, FlowOptions options, Flow model, FlowImplementation implementation, AccessStrategy? strategy,
        FrozenDictionary<string, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>> prefetchers)
    {
        Name = name;
        Prefetchers = prefetchers;
        HasPrefetchFields = model.Fields.Any(static f => f.Prefetch);
        Options = options;
        Model = model;
        Implementation = implementation;
        Strategy = strategy;
        Form = new PromptForm { Fields = model.Fields };
        MaxDuration = options.MaxDuration is null ? null : SymDuration.Parse(options.MaxDuration);
        var allowed = new TimeSpan[options.AllowedDurations.Count];
        for (int i = 0; i < allowed.Length; i++)
        {
            allowed[i] = SymDuration.Parse(options.AllowedDurations[i]);
        }

        AllowedDurations = allowed;
        RequestLifetime = SymDuration.Parse(options.RequestLifetime);
        var targets = new Dictionary<string, AccessTarget>(StringComparer.Ordinal);
        foreach (AccessTarget t in model.Strategy?.Targets ?? [])
        {
            targets[t.Name] = t;
        }

        Targets = targets.ToFrozenDictionary(StringComparer.Ordinal);
        var bindings = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (AccessTargetOptions t in options.Targets)
        {
            if (t.FieldBindings.Count > 0)
            {
                bindings[t.Name!] = [.. t.FieldBindings];
            }
        }

        FieldBindings = bindings.ToFrozenDictionary(StringComparer.Ordinal);
        string requestChannel = options.RequestChannel
            ?? (options.Vars.TryGetValue("request_channel", out string? v) && !string.IsNullOrWhiteSpace(v) ? v : FlowOptions.DefaultRequestChannel);
        DefaultDestination = requestChannel.Length > 1 && requestChannel[0] is 'C' or 'G' or 'D' && !requestChannel.Contains('-', StringComparison.Ordinal)
            && IsAllUpperOrDigit(requestChannel)
            ? new Requests.SlackChannelId(requestChannel)
            : new Requests.SlackChannelName(requestChannel);
        Descriptor = new FlowDescriptor
        {
            Name = name,
            Label = model.Label ?? name,
            Fields = model.Fields,
            Targets = model.Strategy?.Targets ?? [],
            AllowedDurations = Array.AsReadOnly(allowed),
            MaxDuration = MaxDuration,
            RequestLifetime = RequestLifetime,
            AllowRevoke = options.AllowRevoke,
            AllowGuestInteraction = options.AllowGuestInteraction,
            AllowedSources = Array.AsReadOnly(options.AllowedSources.ToArray()),
            RequiredApprovals = options.RequiredApprovals,
            MaxActionReasonLength = options.MaxActionReasonLength,
            IsApprovalOnly = strategy is null,
        };
        _eventSpecs = new Srn?[ApprovalTemplateStep.All.Count];
        for (int i = 0; i < _eventSpecs.Length; i++)
        {
            _eventSpecs[i] = new Srn("sym", "event-spec", "approval", "1.0.0", identifier: ApprovalTemplateStep.All[i].Name);
        }
    }

    public string Name { get; }

    public FlowOptions Options { get; }

    /// <summary>The model every event of this flow shares.</summary>
    public Flow Model { get; }

    public PromptForm Form { get; }

    /// <summary>The flow as front ends see it (<see cref="Runtime.SymEngine.FlowCatalog"/>).</summary>
    public FlowDescriptor Descriptor { get; }

    public FlowImplementation Implementation { get; }

    /// <summary>The strategy; <see langword="null"/> for an approval-only flow (see <see cref="IsApprovalOnly"/>).</summary>
    public AccessStrategy? Strategy { get; }

    /// <summary>Whether the flow has no strategy: approving a request ends it Approved; nothing is granted.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Strategy))]
    public bool IsApprovalOnly => Strategy is null;

    /// <summary>Whether a field is marked <c>Prefetch</c> (a request's values for it are checked against the options).</summary>
    public bool HasPrefetchFields { get; }

    /// <summary>The per-field prefetch reducers (<c>FlowImplementation.PrefetchField</c>), by field name.</summary>
    public FrozenDictionary<string, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>> Prefetchers { get; }

    /// <summary>The options of a prefetch field for the event's user: its own reducer, else the all-fields method; <see langword="null"/> keeps the configured values.</summary>
    public async ValueTask<IReadOnlyList<FieldOption>?> PrefetchAsync(PromptField field, Event evt, CancellationToken cancellationToken) =>
        Prefetchers.TryGetValue(field.Name, out Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>? reducer)
            ? await reducer(evt, cancellationToken).ConfigureAwait(false)
            : await Implementation.PrefetchFieldOptionsAsync(field, evt, cancellationToken).ConfigureAwait(false);

    public IReadOnlyList<TimeSpan> AllowedDurations { get; }

    public TimeSpan? MaxDuration { get; }

    public TimeSpan RequestLifetime { get; }

    public FrozenDictionary<string, AccessTarget> Targets { get; }

    /// <summary>The prompt fields each target binds to its settings (<see cref="AccessTargetOptions.FieldBindings"/>), by target name; only targets with bindings.</summary>
    public FrozenDictionary<string, string[]> FieldBindings { get; }

    public Requests.RequestDestination DefaultDestination { get; }

    public string ErrorChannel => Options.ErrorChannel;

    public Srn? EventSpec(ApprovalTemplateStep step)
    {
        IReadOnlyList<ApprovalTemplateStep> all = ApprovalTemplateStep.All;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i] == step)
            {
                return _eventSpecs[i];
            }
        }

        return null;
    }

    /// <summary>Validates and compiles a flow.</summary>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_FLOW</c>, listing every offending setting.</exception>
    /// <exception cref="SymException">
    /// Code <c>SymSDK:UNKNOWN_INTEGRATION</c>: the strategy names an integration the environment lacks; codes of
    /// <see cref="EnvironmentCompiler"/> for a bad inline integration.
    /// </exception>
    public static FlowDefinition Create(string name, string configurationPath, FlowOptions options, FlowImplementation implementation, AccessStrategy? strategy,
        SymEnvironment? environment = null, Secrets.Internal.SecretResolver? secrets = null)
    {
        environment ??= EnvironmentCompiler.Default;
        List<string> errors = FlowOptionsValidation.Validate(configurationPath, options);
        if (strategy is null)
        {
            FlowOptionsValidation.ValidateApprovalOnly(configurationPath, options, errors);
        }

        if (errors.Count > 0)
        {
            throw new SymException(SymErrorCodes.InvalidFlow, string.Join(" ", errors), "Fix the flow's definition in code or configuration.");
        }

        var fields = new PromptField[options.Fields.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            PromptFieldOptions f = options.Fields[i];
            var values = new FieldOption[f.AllowedValues.Count];
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = new FieldOption(f.AllowedValues[j]);
            }

            fields[i] = new PromptField
            {
                Name = f.Name!, Type = new FieldType(f.Type), Label = f.Label, Required = f.Required, AllowedValues = values,
                Default = f.Default, Visible = f.Visible, Prefetch = f.Prefetch, OnChange = f.OnChange,
                MaxLength = f.MaxLength ?? PromptField.DefaultMaxLength, MaxItems = f.MaxItems ?? PromptField.DefaultMaxItems,
            };
            if (f.Multiline is { } multiline)
            {
                fields[i] = fields[i] with { Multiline = multiline };
            }
        }

        var targets = new AccessTarget[options.Targets.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            AccessTargetOptions t = options.Targets[i];
            targets[i] = new AccessTarget
            {
                Name = t.Name!, Label = t.Label ?? t.Name, Type = t.Type, Settings = Freeze(t.Settings),
            };
        }

        Integration? integration = StrategyIntegration(configurationPath, options, environment, secrets ?? Secrets.Internal.SecretResolver.Empty);
        var model = new Flow
        {
            Name = name,
            Label = options.Label ?? name,
            Fields = fields,
            Vars = Freeze(options.Vars),
            Strategy = strategy is null ? null : new Strategy
            {
                Type = options.Strategy.Type,
                Targets = targets,
                Settings = Freeze(options.Strategy.Settings),
                Integration = integration,
            },
            Environment = environment,
        };
        return new FlowDefinition(name, options, model, implementation, strategy, CheckPrefetchers(name, fields, implementation));
    }

    /// <summary>The flow's per-field prefetch reducers, checked against its fields.</summary>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_FLOW</c>, naming the flow and each offending field.</exception>
    private static FrozenDictionary<string, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>> CheckPrefetchers(
        string name, PromptField[] fields, FlowImplementation implementation)
    {
        var byField = new Dictionary<string, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>>(StringComparer.Ordinal);
        if (implementation.Prefetchers.Count == 0)
        {
            return byField.ToFrozenDictionary(StringComparer.Ordinal);
        }

        var errors = new List<string>();
        foreach ((string field, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>> reducer) in implementation.Prefetchers)
        {
            PromptField? declared = Array.Find(fields, f => f.Name == field);
            if (declared is null)
            {
                errors.Add($"Flow '{name}' registers a prefetch reducer for field '{field}', which the flow does not have.");
            }
            else if (!declared.Prefetch)
            {
                errors.Add($"Flow '{name}' registers a prefetch reducer for field '{field}', which is not marked Prefetch.");
            }
            else if (!byField.TryAdd(field, reducer))
            {
                errors.Add($"Flow '{name}' registers two prefetch reducers for field '{field}'; register one.");
            }
        }

        foreach (PromptField field in fields)
        {
            if (field.Prefetch && !byField.ContainsKey(field.Name) && !errors.Exists(e => e.Contains($"'{field.Name}'", StringComparison.Ordinal)))
            {
                errors.Add($"Flow '{name}': field '{field.Name}' is marked Prefetch but has no prefetch reducer (register one with PrefetchField(\"{field.Name}\", …)).");
            }
        }

        return errors.Count > 0
            ? throw new SymException(SymErrorCodes.InvalidFlow, string.Join(" ", errors), "Register one prefetch reducer for each field marked Prefetch, and only for those.")
            : byField.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Integration? StrategyIntegration(string path, FlowOptions options, SymEnvironment environment, Secrets.Internal.SecretResolver secrets)
    {
        if (options.Strategy.IntegrationName is { } integrationName)
        {
            if (options.Strategy.Integration is not null)
            {
                throw new SymException(SymErrorCodes.InvalidFlow,
                    $"{path}:Strategy sets both IntegrationName and Integration.", "Name an integration of the environment, or configure one inline, not both.");
            }

            return environment.Integrations.TryGetValue(integrationName, out Integration? found)
                ? found
                : throw new SymException(SymErrorCodes.UnknownIntegration,
                    $"{path}:Strategy:IntegrationName is '{integrationName}', but environment '{environment.Name}' has no such integration"
                    + $" (it has: {(environment.Integrations.Count == 0 ? "none" : string.Join(", ", environment.Integrations.Keys.Order(StringComparer.Ordinal)))}).",
                    $"Add it under Sym:Environments:{environment.Name}:Integrations:{integrationName}, or fix the name.");
        }

        if (options.Strategy.Integration is not { } io)
        {
            return null;
        }

        var errors = new List<string>();
        Integration? integration = EnvironmentCompiler.CompileIntegration(io.Name ?? "", $"{path}:Strategy:Integration", io, secrets, errors);
        EnvironmentCompiler.Throw(SymErrorCodes.InvalidFlow, errors, "Fix the flow's definition in code or configuration.");
        return integration;
    }

    private static FrozenDictionary<string, string> Freeze(IDictionary<string, string> source) =>
        source.ToFrozenDictionary(StringComparer.Ordinal);

    private static bool IsAllUpperOrDigit(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
