using System.Net;
using Polly;
using Sym.Sdk.Integrations.Internal;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>
/// The retry pipeline on every AWS HttpClient: network failures, 5xx and throttling (429, or a throttling code in a
/// 400 as IAM sends) are retried with exponential backoff and jitter, except that a delay AWS names —
/// <c>Retry-After</c> or JSON <c>RetryAfterSeconds</c> — is honoured exactly. Other 4xx are never retried.
/// </summary>
internal static class AwsResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AwsOptions options, TimeProvider timeProvider)
    {
        VendorRetry.Add(pipeline, options.MaxRetryAttempts, options.RetryBaseDelay,
            static args => args.Outcome switch
            {
                { Exception: HttpRequestException } => new ValueTask<bool>(true),
                { Result: { } response } => ShouldRetryAsync(response, args.Context.CancellationToken),
                _ => new ValueTask<bool>(false),
            },
            async args => args.Outcome.Result is { } response
                ? AwsErrors.RetryAfter(response, await BodyAsync(response, args.Context.CancellationToken).ConfigureAwait(false), timeProvider)
                : null);
    }

    internal static async ValueTask<bool> ShouldRetryAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
            case HttpStatusCode.InternalServerError:
            case HttpStatusCode.BadGateway:
            case HttpStatusCode.ServiceUnavailable:
            case HttpStatusCode.GatewayTimeout:
                return true;
            case HttpStatusCode.BadRequest:
                return AwsErrors.IsThrottling(response, await BodyAsync(response, cancellationToken).ConfigureAwait(false));
            default:
                return false;
        }
    }

    private static async ValueTask<string?> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // ReadAsStringAsync buffers the content, so the client can still read the final response.
        return response.StatusCode == HttpStatusCode.OK
            ? null
            : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
