using Sym.Sdk.Flows.Internal;

namespace Sym.Sdk.Runtime;

/// <content>Read-only access to the compiled flows, for front ends (Slack) that build forms and validate before they act.</content>
public sealed partial class SymEngine
{
    /// <summary>The compiled flow of that name, or <see langword="null"/>.</summary>
    internal FlowDefinition? FindFlow(string name) => _flows.GetValueOrDefault(name);

    /// <summary>
    /// Checks a request exactly as <see cref="RequestAsync"/> does, without creating anything, so a front end can answer
    /// with the errors before it acknowledges (Slack gives a modal submission 3 seconds).
    /// </summary>
    /// <exception cref="SymRequestValidationException">The request is invalid.</exception>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:FLOW_NOT_FOUND</c>: no such flow.</exception>
    internal void ValidateRequest(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Requester);
        _ = RequestValidator.Validate(GetFlow(request.Flow), request);
    }
}
