using System.Collections.Frozen;
using Sym.Sdk.Secrets;
using Sym.Sdk.Secrets.Internal;

namespace Sym.Sdk.Flows.Internal;

/// <summary>Validates environments and integrations and builds the models events carry, with secrets bound to their providers.</summary>
internal static class EnvironmentCompiler
{
    public static readonly SymEnvironment Default = new() { Name = EnvironmentOptions.DefaultName };

    /// <summary>Builds one environment.</summary>
    /// <exception cref="SymException">
    /// Code <c>SymSDK:INVALID_ENVIRONMENT</c> listing every bad setting, or <c>Secret:PROVIDER_NOT_FOUND</c> naming the
    /// secret whose provider is not registered.
    /// </exception>
    public static SymEnvironment Compile(string name, string path, EnvironmentOptions options, SecretResolver secrets)
    {
        var errors = new List<string>();
        var integrations = new Dictionary<string, Integration>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IntegrationOptions> kv in options.Integrations)
        {
            string integrationPath = $"{path}:Integrations:{kv.Key}";
            if (!seen.Add(kv.Key))
            {
                errors.Add($"{integrationPath} clashes with another integration whose name differs only in case.");
            }

            if (kv.Value.Name is { } named && !string.Equals(named, kv.Key, StringComparison.Ordinal))
            {
                errors.Add($"{integrationPath}:Name is '{named}', but the integration's key is '{kv.Key}'; leave Name out or make them equal.");
            }

            Integration? integration = CompileIntegration(kv.Key, integrationPath, kv.Value, secrets, errors);
            if (integration is not null)
            {
                integrations[kv.Key] = integration;
            }
        }

        Throw(SymErrorCodes.InvalidEnvironment, errors, "Fix the environment's definition in code or configuration.");
        return new SymEnvironment { Name = name, Integrations = integrations.ToFrozenDictionary(StringComparer.Ordinal) };
    }

    /// <summary>Builds an integration, adding what is wrong to <paramref name="errors"/> (then returning <see langword="null"/>).</summary>
    public static Integration? CompileIntegration(string name, string path, IntegrationOptions options, SecretResolver secrets, List<string> errors)
    {
        int before = errors.Count;
        if (string.IsNullOrWhiteSpace(options.Type))
        {
            errors.Add($"{path}:Type is required.");
        }

        var list = new SymSecret[options.Secrets.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Length; i++)
        {
            SecretReferenceOptions s = options.Secrets[i];
            string secretPath = $"{path}:Secrets:{i}";
            if (string.IsNullOrWhiteSpace(s.Provider))
            {
                errors.Add($"{secretPath}:Provider is required.");
            }
            else if (!secrets.HasProvider(s.Provider))
            {
                throw secrets.ProviderNotFound(s.Provider, $"{secretPath}:Provider");
            }

            if (string.IsNullOrWhiteSpace(s.Path))
            {
                errors.Add($"{secretPath}:Path is required.");
            }

            if (s.Name is { } secretName && !names.Add(secretName))
            {
                errors.Add($"{secretPath}:Name '{secretName}' is used by another secret of the integration.");
            }

            list[i] = new SymSecret(new SymSecretReference { Provider = s.Provider ?? "", Path = s.Path ?? "", Name = s.Name }, secrets);
        }

        return errors.Count > before
            ? null
            : new Integration
            {
                Name = name, Type = options.Type!, ExternalId = options.ExternalId,
                Settings = options.Settings.ToFrozenDictionary(StringComparer.Ordinal), Secrets = list,
            };
    }

    public static void Throw(string code, List<string> errors, string hint)
    {
        if (errors.Count > 0)
        {
            throw new SymException(code, string.Join(" ", errors), hint);
        }
    }
}
