using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Signing.Internal;

namespace Sym.Sdk.Integrations.Aws.Signing;

/// <summary>
/// A <see cref="DelegatingHandler"/> that signs every outgoing request with AWS Signature Version 4 for one service
/// and region. It signs <c>Host</c>, <c>Content-Type</c> and every <c>X-Amz-*</c> header, sets <c>X-Amz-Date</c>,
/// <c>X-Amz-Security-Token</c> (session credentials) and <c>Authorization</c>, and re-signs on every send, so it belongs
/// inside any retry handler.
/// </summary>
/// <example>
/// <code>
/// var handler = new AwsSigV4Handler(credentials, "us-east-1", "sso") { InnerHandler = new HttpClientHandler() };
/// var http = new HttpClient(handler) { BaseAddress = new Uri("https://sso.us-east-1.amazonaws.com/") };
/// </code>
/// </example>
public sealed class AwsSigV4Handler : DelegatingHandler
{
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler.</summary>
    /// <param name="credentials">Where credentials come from; asked before every request.</param>
    /// <param name="region">The signing region, for example <c>us-east-1</c>.</param>
    /// <param name="service">The signing service, for example <c>sso</c>.</param>
    /// <param name="timeProvider">The clock for the signing time. The default value is <see cref="TimeProvider.System"/>.</param>
    public AwsSigV4Handler(IAwsCredentialsProvider credentials, string region, string service, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        _credentials = credentials;
        Region = region;
        Service = service;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The signing region.</summary>
    public string Region { get; }

    /// <summary>The signing service.</summary>
    public string Service { get; }

    /// <summary>
    /// Whether paths are normalized and encoded again for the canonical request (every service but S3).
    /// The default value is <see langword="true"/>.
    /// </summary>
    public bool DoubleEncodePath { get; init; } = true;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Uri uri = request.RequestUri ?? throw new InvalidOperationException("The request has no absolute URI to sign.");
        AwsCredentials credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);

        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        request.Headers.Authorization = null;
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("X-Amz-Security-Token");

        var headers = new List<KeyValuePair<string, string>>(6) { new("host", request.Headers.Host ?? HostOf(uri)) };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }

        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            if (header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                foreach (string value in header.Value)
                {
                    headers.Add(new(header.Key, value));
                }
            }
        }

        AwsSigningResult signed = AwsSigV4Signer.Sign(new AwsSigningRequest
        {
            Method = request.Method.Method,
            Path = uri.AbsolutePath,
            Query = uri.Query.Length > 0 ? uri.Query[1..] : string.Empty,
            Headers = headers,
            Body = body,
            Credentials = credentials,
            Region = Region,
            Service = Service,
            Timestamp = _timeProvider.GetUtcNow(),
            DoubleEncodePath = DoubleEncodePath,
        });

        foreach (KeyValuePair<string, string> added in signed.AddedHeaders)
        {
            request.Headers.TryAddWithoutValidation(added.Key, added.Value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static string HostOf(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
}
