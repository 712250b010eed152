using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Checks what only the host knows about a configured flow: that its strategy type and implementation are registered,
/// and that its approvers make sense. Messages name the setting's configuration path.
/// </summary>
internal sealed class HostFlowValidator(HostFlowCatalog catalog, FlowRegistry registry, IConfiguration configuration) : IValidateOptions<FlowOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowOptions options)
    {
        if (name is null || !catalog.ConfiguredFlows.TryGetValue(name, out string? path))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Strategy.Type) && options.Strategy.Type != FlowStrategyOptions.NoStrategy
            && !catalog.Strategies.ContainsKey(options.Strategy.Type))
        {
            errors.Add($"{path}:Strategy:Type '{options.Strategy.Type}' is not a registered strategy ({Known(catalog.Strategies)}, or '{FlowStrategyOptions.NoStrategy}' for an approval-only flow). " +
                "Register it with AddSymHosting(h => h.AddStrategy<TStrategy>(\"" + options.Strategy.Type + "\")).");
        }

        string? implementation = configuration[$"{path}:Implementation"];
        if (implementation is not null && !catalog.Implementations.ContainsKey(implementation))
        {
            errors.Add($"{path}:Implementation '{implementation}' is not a registered flow implementation ({Known(catalog.Implementations)}). " +
                "Register it with AddSymHosting(h => h.AddFlowImplementation<TImplementation>(\"" + implementation + "\")).");
        }

        IConfigurationSection approvers = configuration.GetSection($"{path}:Approvers");
        if (approvers.Exists())
        {
            bool inCode = registry.Find(name) is { ImplementationType: not null };
            if (inCode || HostFlowResolver.ImplementationName(catalog, configuration, name, path) is not null)
            {
                errors.Add($"{path}:Approvers is only read by the built-in implementation; this flow's implementation decides who approves.");
            }

            var a = new SymFlowApproversOptions();
            approvers.Bind(a);
            if (a.Level is not null && a.Users.Count > 0)
            {
                errors.Add($"{path}:Approvers has both Level and Users; give one.");
            }

            if (a.Level is { } level && level != PermissionLevel.Admin.Value && level != PermissionLevel.Member.Value && level != PermissionLevel.AllUsers.Value)
            {
                errors.Add($"{path}:Approvers:Level '{level}' is not a level (admin, member, all_users).");
            }

            if (a.WebappView is { } view && view != PermissionLevel.Admin.Value && view != PermissionLevel.Member.Value && view != PermissionLevel.AllUsers.Value)
            {
                errors.Add($"{path}:Approvers:WebappView '{view}' is not a level (admin, member, all_users).");
            }

            for (int i = 0; i < a.Users.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(a.Users[i]))
                {
                    errors.Add(FormattableString.Invariant($"{path}:Approvers:Users:{i} is empty."));
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Known(Dictionary<string, Type> registered) =>
        registered.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", registered.Keys.Order(StringComparer.Ordinal));
}
