namespace Sym.Sdk.Integrations.Aws.Lambda;

/// <summary>Invokes Lambda functions. Errors are <see cref="SymException"/>s coded <c>AWSLambda:…</c>.</summary>
public interface ILambdaClient
{
    /// <summary>Invokes a function and waits for its result (invocation type <c>RequestResponse</c>).</summary>
    /// <param name="functionName">The function's name, ARN or partial ARN (optionally with <c>:qualifier</c>).</param>
    /// <param name="payload">The JSON event, at most 6 MB.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The function's payload; a function error is reported in <see cref="LambdaInvocationResult.FunctionError"/>, not thrown.</returns>
    /// <exception cref="SymException"><c>AWSLambda:PAYLOAD_TOO_LARGE</c>, or a Lambda service error such as <c>AWSLambda:RESOURCE_NOT_FOUND</c>.</exception>
    Task<LambdaInvocationResult> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>Queues an invocation without waiting for it (invocation type <c>Event</c>).</summary>
    /// <param name="functionName">The function's name, ARN or partial ARN.</param>
    /// <param name="payload">The JSON event, at most 1 MB.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Lambda has accepted the event (HTTP 202).</returns>
    /// <exception cref="SymException"><c>AWSLambda:PAYLOAD_TOO_LARGE</c>, or a Lambda service error.</exception>
    Task InvokeEventAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}
