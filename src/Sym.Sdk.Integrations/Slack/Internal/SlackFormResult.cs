using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>The validated field values of a submitted request modal, or the errors to show in it.</summary>
internal sealed class SlackFormResult
{
    internal SlackFormResult(IReadOnlyDictionary<string, JsonElement> values, AccessTarget? target, IReadOnlyDictionary<string, string> errors)
    {
        Values = values;
        Target = target;
        Errors = errors;
    }

    /// <summary>Whether every field is valid.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>
    /// The field values, by field name, in Sym's wire form: strings, numbers, booleans, durations in seconds, user ids,
    /// lists as arrays. Only valid fields are present.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Values { get; }

    /// <summary>The chosen target, if the modal had a target select.</summary>
    public AccessTarget? Target { get; }

    /// <summary>The errors, by block id (the field name), as Slack shows them under each input.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; }

    /// <summary>The values as <see cref="EventFields"/>, for a request.</summary>
    /// <returns>The fields.</returns>
    /// <exception cref="InvalidOperationException">The submission is not valid.</exception>
    public EventFields ToEventFields() => IsValid
        ? new EventFields(Values, Target)
        : throw new InvalidOperationException("The submission has errors; answer with ToErrorResponse() instead.");

    /// <summary>
    /// The response that keeps the modal open and shows the errors:
    /// <c>{"response_action":"errors","errors":{"&lt;block_id&gt;":"message"}}</c>.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToErrorResponse()
    {
        var errors = new JsonObject();
        foreach ((string block, string message) in Errors)
        {
            errors[block] = message;
        }

        return new JsonObject { ["response_action"] = "errors", ["errors"] = errors }.ToJsonString();
    }
}
