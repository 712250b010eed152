using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>
/// Gets OAuth access tokens for an Okta service app with a private-key JWT client assertion, caches the token until
/// shortly before it expires, and (for DPoP apps) owns the proof key and the latest server nonce. One per container.
/// </summary>
internal sealed class OktaAccessTokenProvider : IDisposable
{
    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromMinutes(5);

    private readonly IOptionsMonitor<OktaOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<OktaSigningKey> _dpopKey = new(OktaSigningKey.CreateEphemeralP256);
    private OktaSigningKey? _clientKey;
    private string? _clientKeySource;
    private OktaAccessToken? _cached;
    private string? _nonce;

    public OktaAccessTokenProvider(IOptionsMonitor<OktaOptions> options, TimeProvider time, ILogger<OktaAccessTokenProvider> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The latest <c>DPoP-Nonce</c> Okta sent, to put in the next proof.</summary>
    public string? DPoPNonce
    {
        get => Volatile.Read(ref _nonce);
        set => Volatile.Write(ref _nonce, value);
    }

    /// <summary>The ephemeral key DPoP proofs are signed with (and tokens bound to).</summary>
    internal OktaSigningKey DPoPKey => _dpopKey.Value;

    /// <summary>The cached token, or a new one when there is none or it is due for refresh. Callers share one acquisition.</summary>
    /// <param name="send">Sends the token request (below the resilience and authentication handlers).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async ValueTask<OktaAccessToken> GetTokenAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cached) is { } cached && _time.GetUtcNow() < cached.RefreshAt)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } current && _time.GetUtcNow() < current.RefreshAt)
            {
                return current;
            }

            OktaAccessToken token = await AcquireAsync(send, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _cached, token);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops a token Okta rejected, so the next call gets a new one.</summary>
    public void Invalidate(OktaAccessToken token) => Interlocked.CompareExchange(ref _cached, null, token);

    /// <summary>
    /// A DPoP proof for one request (RFC 9449 §4.2): <c>htm</c>, <c>htu</c> (without query and fragment), <c>iat</c>,
    /// a unique <c>jti</c>, the latest <c>nonce</c>, and <c>ath</c> (the access token's SHA-256) for API calls.
    /// </summary>
    public string CreateDPoPProof(HttpMethod method, Uri uri, string? accessToken)
    {
        var claims = new DPoPClaims(
            method.Method,
            uri.GetLeftPart(UriPartial.Path),
            _time.GetUtcNow().ToUnixTimeSeconds(),
            Guid.NewGuid().ToString("N"),
            DPoPNonce,
            accessToken is null ? null : System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))));
        return JsonWebToken.Create(DPoPKey, "dpop+jwt", embedPublicKey: true, static (w, c) =>
        {
            w.WriteString("htm", c.Method);
            w.WriteString("htu", c.Uri);
            w.WriteNumber("iat", c.IssuedAt);
            w.WriteString("jti", c.Id);
            if (c.Nonce is not null)
            {
                w.WriteString("nonce", c.Nonce);
            }

            if (c.AccessTokenHash is not null)
            {
                w.WriteString("ath", c.AccessTokenHash);
            }
        }, claims);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _clientKey?.Dispose();
        if (_dpopKey.IsValueCreated)
        {
            _dpopKey.Value.Dispose();
        }
    }

    private async Task<OktaAccessToken> AcquireAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        OktaOptions options = _options.CurrentValue;
        OktaOAuthOptions oauth = options.OAuth ?? throw new InvalidOperationException("Okta OAuth options are not set.");
        var tokenUri = new Uri(OktaDomain.GetBaseUri(options.Domain), "oauth2/v1/token");
        OktaSigningKey key = GetClientKey(oauth);

        // One retry: the first DPoP token request usually draws a use_dpop_nonce challenge carrying the nonce to use.
        for (int attempt = 1; ; attempt++)
        {
            using HttpRequestMessage request = CreateTokenRequest(tokenUri, oauth, key);
            if (oauth.UseDPoP)
            {
                request.Headers.Add("DPoP", CreateDPoPProof(HttpMethod.Post, tokenUri, accessToken: null));
            }

            using HttpResponseMessage response = await send(request, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues("DPoP-Nonce", out IEnumerable<string>? nonces))
            {
                DPoPNonce = nonces.FirstOrDefault();
            }

            string? requestId = response.Headers.TryGetValues("X-Okta-Request-Id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
            if (response.IsSuccessStatusCode)
            {
                return await ReadTokenAsync(response, oauth, requestId, cancellationToken).ConfigureAwait(false);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw OktaErrors.FromResponse(response.StatusCode, null, OktaResource.None, null,
                    OktaRateLimit.RetryDelay(response, _time), requestId: requestId);
            }

            OAuthErrorBody? error = await TryReadAsync(response, OktaJsonContext.Default.OAuthErrorBody, cancellationToken).ConfigureAwait(false);
            if (oauth.UseDPoP && attempt == 1 && error?.Error == "use_dpop_nonce" && DPoPNonce is not null)
            {
                OktaLog.DPoPNonceRetry(_logger, tokenUri.AbsolutePath);
                continue;
            }

            throw OktaErrors.FromTokenError(response.StatusCode, error, oauth.UseDPoP, requestId);
        }
    }

    private async Task<OktaAccessToken> ReadTokenAsync(HttpResponseMessage response, OktaOAuthOptions oauth, string? requestId, CancellationToken cancellationToken)
    {
        OktaTokenResponse? body = await TryReadAsync(response, OktaJsonContext.Default.OktaTokenResponse, cancellationToken).ConfigureAwait(false);
        if (body?.AccessToken is not { Length: > 0 } value || body.ExpiresIn <= 0)
        {
            throw new SymAuthenticationException(OktaErrorCodes.TokenError,
                "Okta's token endpoint answered without an access token or expiry.", "Check the service app's configuration in Okta.")
            { StatusCode = (int)response.StatusCode, RequestId = requestId };
        }

        string scheme = string.Equals(body.TokenType, "DPoP", StringComparison.OrdinalIgnoreCase) ? "DPoP" : "Bearer";
        if (scheme == "DPoP" && !oauth.UseDPoP)
        {
            throw new SymAuthenticationException(OktaErrorCodes.DPoPRequired,
                "Okta issued a DPoP-bound token, which needs DPoP proofs.", "Set OktaOptions.OAuth.UseDPoP = true.");
        }

        DateTimeOffset now = _time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn);
        TimeSpan margin = oauth.TokenRefreshMargin < lifetime / 2 ? oauth.TokenRefreshMargin : lifetime / 2;
        OktaLog.TokenAcquired(_logger, oauth.ClientId, scheme, lifetime);
        return new OktaAccessToken(value, scheme, now + lifetime, now + lifetime - margin);
    }

    private HttpRequestMessage CreateTokenRequest(Uri tokenUri, OktaOAuthOptions oauth, OktaSigningKey key)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var claims = new AssertionClaims(oauth.ClientId, tokenUri.AbsoluteUri, now.ToUnixTimeSeconds(),
            (now + AssertionLifetime).ToUnixTimeSeconds(), Guid.NewGuid().ToString("N"));
        string assertion = JsonWebToken.Create(key, "JWT", embedPublicKey: false, static (w, c) =>
        {
            w.WriteString("iss", c.ClientId);
            w.WriteString("sub", c.ClientId);
            w.WriteString("aud", c.Audience);
            w.WriteNumber("iat", c.IssuedAt);
            w.WriteNumber("exp", c.Expires);
            w.WriteString("jti", c.Id);
        }, claims);

        var request = new HttpRequestMessage(HttpMethod.Post, tokenUri)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("scope", oauth.Scopes),
                new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                new("client_assertion", assertion),
            ]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private OktaSigningKey GetClientKey(OktaOAuthOptions oauth)
    {
        string source = oauth.PrivateKeyPem + "\n" + oauth.KeyId;
        if (_clientKey is null || !string.Equals(_clientKeySource, source, StringComparison.Ordinal))
        {
            _clientKey?.Dispose();
            _clientKey = OktaSigningKey.FromPem(oauth.PrivateKeyPem, oauth.KeyId);
            _clientKeySource = source;
        }

        return _clientKey;
    }

    private static async Task<T?> TryReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private readonly record struct AssertionClaims(string ClientId, string Audience, long IssuedAt, long Expires, string Id);

    private readonly record struct DPoPClaims(string Method, string Uri, long IssuedAt, string Id, string? Nonce, string? AccessTokenHash);
}
