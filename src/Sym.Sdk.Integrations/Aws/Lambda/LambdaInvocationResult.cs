using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Aws.Lambda;

/// <summary>The outcome of a synchronous Lambda invocation.</summary>
public sealed record LambdaInvocationResult
{
    /// <summary>The HTTP status (200 for a completed invocation, even when the function failed).</summary>
    public required int StatusCode { get; init; }

    /// <summary>What the function returned, or its error document when <see cref="FunctionError"/> is set.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The function's error type (<c>X-Amz-Function-Error</c>, for example <c>Unhandled</c>), or <see langword="null"/>.</summary>
    public string? FunctionError { get; init; }

    /// <summary>The function version that ran (<c>X-Amz-Executed-Version</c>), if reported.</summary>
    public string? ExecutedVersion { get; init; }

    /// <summary>Whether the function itself failed.</summary>
    public bool IsFunctionError => FunctionError is not null;

    /// <summary>The payload as UTF-8 text.</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>
    /// The payload as JSON, to read like Sym's dict: <c>response["body"]["approved"]</c> is
    /// <c>(bool?)result.GetPayloadJson()?["body"]?["approved"]</c>. Parsed on each call.
    /// </summary>
    /// <returns>The JSON, or <see langword="null"/> for an empty payload or the JSON <c>null</c>.</returns>
    /// <exception cref="SymException">Code <see cref="AwsErrorCodes.LambdaInvalidPayload"/>: the payload is not JSON.</exception>
    public JsonNode? GetPayloadJson()
    {
        if (Payload.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Payload.Span);
        }
        catch (JsonException e)
        {
            throw new SymException(AwsErrorCodes.LambdaInvalidPayload, $"The Lambda function's payload is not JSON ({e.Message}).",
                "Read PayloadText or Payload for a function that answers something else.", e);
        }
    }
}
