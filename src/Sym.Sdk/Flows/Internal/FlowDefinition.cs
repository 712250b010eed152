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

    private FlowDefinition(string name, FlowOptions options, Flow model, FlowImplementation implementation, AccessStrategy strategy)
    {
        Name = name;
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

    public AccessStrategy Strategy { get; }

    public IReadOnlyList<TimeSpan> AllowedDurations { get; }

    public TimeSpan? MaxDuration { get; }

    public TimeSpan RequestLifetime { get; }

    public FrozenDictionary<string, AccessTarget> Targets { get; }

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
    public static FlowDefinition Create(string name, string configurationPath, FlowOptions options, FlowImplementation implementation, AccessStrategy strategy,
        SymEnvironment? environment = null, Secrets.Internal.SecretResolver? secrets = null)
    {
        environment ??= EnvironmentCompiler.Default;
        List<string> errors = FlowOptionsValidation.Validate(configurationPath, options);
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
            Strategy = new Strategy
            {
                Type = options.Strategy.Type,
                Targets = targets,
                Settings = Freeze(options.Strategy.Settings),
                Integration = integration,
            },
            Environment = environment,
        };
        return new FlowDefinition(name, options, model, implementation, strategy);
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
