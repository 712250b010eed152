using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Aws.Lambda;

/// <summary>
/// Invokes Lambda functions with JSON built like Sym's dicts: <c>aws_lambda.invoke(arn, {"user": email})</c> is
/// <c>await lambda.InvokeAsync(arn, new JsonObject { ["user"] = email }, ct)</c>.
/// </summary>
public static class LambdaClientJsonExtensions
{
    /// <summary>Invokes a function with a JSON payload and waits for its result; read it with <see cref="LambdaInvocationResult.GetPayloadJson"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="functionName">The function's name, ARN or partial ARN.</param>
    /// <param name="payload">The JSON event; <see langword="null"/> sends <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The function's result.</returns>
    /// <exception cref="SymException">As <see cref="ILambdaClient.InvokeAsync"/>.</exception>
    public static Task<LambdaInvocationResult> InvokeAsync(this ILambdaClient client, string functionName, JsonNode? payload,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.InvokeAsync(functionName, Serialize(payload), cancellationToken);
    }

    /// <summary>Queues an invocation with a JSON payload without waiting for it.</summary>
    /// <param name="client">The client.</param>
    /// <param name="functionName">The function's name, ARN or partial ARN.</param>
    /// <param name="payload">The JSON event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Lambda has accepted the event.</returns>
    /// <exception cref="SymException">As <see cref="ILambdaClient.InvokeEventAsync"/>.</exception>
    public static Task InvokeEventAsync(this ILambdaClient client, string functionName, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.InvokeEventAsync(functionName, Serialize(payload), cancellationToken);
    }

    private static byte[] Serialize(JsonNode? payload) =>
        payload is null ? "null"u8.ToArray() : System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString());
}
