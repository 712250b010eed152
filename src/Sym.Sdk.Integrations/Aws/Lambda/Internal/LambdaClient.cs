using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Integrations.Aws.Lambda.Internal;

/// <summary>Lambda Invoke over REST-JSON (POST /2015-03-31/functions/{name}/invocations).</summary>
internal sealed class LambdaClient(HttpClient http, TimeProvider timeProvider, ILogger<LambdaClient>? logger = null) : ILambdaClient
{
    public const int MaxSyncPayload = 6 * 1024 * 1024;
    public const int MaxAsyncPayload = 1024 * 1024;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly ILogger _logger = logger ?? NullLogger<LambdaClient>.Instance;

    public async Task<LambdaInvocationResult> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(functionName, payload, "RequestResponse", MaxSyncPayload, cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocationResult
        {
            StatusCode = (int)response.StatusCode,
            Payload = body,
            FunctionError = Header(response, "X-Amz-Function-Error"),
            ExecutedVersion = Header(response, "X-Amz-Executed-Version"),
        };
    }

    public async Task InvokeEventAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(functionName, payload, "Event", MaxAsyncPayload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(
        string functionName, ReadOnlyMemory<byte> payload, string invocationType, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        if (payload.Length > limit)
        {
            throw new SymException(
                AwsErrorCodes.LambdaPayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The payload is {payload.Length} bytes; {invocationType} invocations take at most {limit}."),
                "Send less data in the event, or pass a reference (for example an S3 key) instead.");
        }

        var uri = new Uri($"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations", UriKind.Relative);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(payload) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", invocationType);
        HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await AwsJsonProtocol.ThrowIfFailedAsync(response, AwsErrors.Lambda, "Lambda.Invoke", timeProvider, _logger, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
