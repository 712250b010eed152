using System.Text;
using System.Text.Json;
using Sym.Sdk.Integrations.Aws.Internal;
using Sym.Sdk.Integrations.Aws.Lambda;

namespace Sym.Sdk.Testing.Aws;

/// <summary>
/// <see cref="FakeAws"/>'s Lambda: runs the registered delegate; an exception it throws is a function error
/// (<c>Unhandled</c>, with <c>errorType</c>/<c>errorMessage</c>), as Lambda reports it. Unknown functions raise
/// <c>AWSLambda:RESOURCE_NOT_FOUND</c>.
/// </summary>
internal sealed class FakeLambdaClient(FakeAws aws) : ILambdaClient
{
    public async Task<LambdaInvocationResult> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        Func<string, CancellationToken, ValueTask<string>> handler = Resolve(functionName, payload, "RequestResponse", cancellationToken);
        try
        {
            string response = await handler(Encoding.UTF8.GetString(payload.Span), cancellationToken).ConfigureAwait(false);
            return new LambdaInvocationResult { StatusCode = 200, Payload = Encoding.UTF8.GetBytes(response), ExecutedVersion = "$LATEST" };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            byte[] error = ErrorDocument(ex);
            return new LambdaInvocationResult { StatusCode = 200, Payload = error, FunctionError = "Unhandled", ExecutedVersion = "$LATEST" };
        }
    }

    public async Task InvokeEventAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        Func<string, CancellationToken, ValueTask<string>> handler = Resolve(functionName, payload, "Event", cancellationToken);
        try
        {
            await handler(Encoding.UTF8.GetString(payload.Span), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lambda accepted the event (202); the function's failure is not the caller's to see.
            _ = ex;
        }
    }

    private Func<string, CancellationToken, ValueTask<string>> Resolve(
        string functionName, ReadOnlyMemory<byte> payload, string invocationType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted(invocationType == "Event" ? "lambda:InvokeEvent" : "lambda:Invoke");
        lock (aws.Gate)
        {
            aws.Invocations.Add(new FakeLambdaInvocation(functionName, Encoding.UTF8.GetString(payload.Span), invocationType));
            if (!LambdaFunctionRef.TryParse(functionName, out LambdaFunctionRef? called))
            {
                // Lambda checks the FunctionName pattern before looking anything up.
                throw AwsErrors.Create(AwsErrors.Lambda, AwsErrorKind.Other, "ValidationException",
                    $"1 validation error detected: Value '{functionName}' at 'functionName' failed to satisfy constraint: it is not a function name, a function ARN or a partial ARN.",
                    "Pass the function's name (my-function), its ARN (arn:aws:lambda:region:account:function:my-function) or a partial ARN (account:function:my-function), each optionally with :version or :alias.",
                    400);
            }

            if (aws.Functions.TryGetValue(functionName, out Func<string, CancellationToken, ValueTask<string>>? exact))
            {
                return exact;
            }

            foreach ((string registered, Func<string, CancellationToken, ValueTask<string>> handler) in aws.Functions)
            {
                if (LambdaFunctionRef.TryParse(registered, out LambdaFunctionRef? known) && known!.SameFunctionAs(called!))
                {
                    return handler;
                }
            }

            throw AwsErrors.Create(AwsErrors.Lambda, AwsErrorKind.NotFound, "ResourceNotFoundException",
                $"Function not found: {functionName}", AwsErrorTables.Json["ResourceNotFoundException"].Hint, 404);
        }
    }

    private static byte[] ErrorDocument(Exception ex)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", ex.Message);
            writer.WriteString("errorType", ex.GetType().Name);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
