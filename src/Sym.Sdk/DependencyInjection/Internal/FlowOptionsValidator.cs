using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;

namespace Sym.Sdk.DependencyInjection.Internal;

/// <summary>Validates each registered flow's definition; messages name the setting's configuration path.</summary>
internal sealed class FlowOptionsValidator(FlowRegistry registry) : IValidateOptions<FlowOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowOptions options)
    {
        if (name is null || registry.Find(name) is not { } registration)
        {
            return ValidateOptionsResult.Skip;
        }

        List<string> errors = FlowOptionsValidation.Validate(registration.ConfigurationPath, options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
