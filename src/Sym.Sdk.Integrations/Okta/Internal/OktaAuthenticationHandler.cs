using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>
/// Puts the credentials on every Okta request: <c>SSWS</c> with an API token; otherwise a cached OAuth access token
/// (<c>Bearer</c>, or <c>DPoP</c> with a fresh proof). Sits below the resilience handler, so each retry is
/// re-authenticated. Gets a new token once when Okta rejects a cached one, and answers one DPoP nonce challenge.
/// </summary>
internal sealed class OktaAuthenticationHandler(
    IOptionsMonitor<OktaOptions> options,
    OktaAccessTokenProvider tokens,
    ILogger<OktaAuthenticationHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        OktaOptions current = options.CurrentValue;
        if (current.OAuth is null)
        {
            request.Headers.Authorization = new("SSWS", current.ApiToken);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        OktaAccessToken token = await tokens.GetTokenAsync((r, ct) => base.SendAsync(r, ct), cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await SendWithTokenAsync(request, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        if (token.IsDPoP && IsNonceChallenge(response) && tokens.DPoPNonce is not null)
        {
            OktaLog.DPoPNonceRetry(logger, request.RequestUri?.AbsolutePath ?? string.Empty);
        }
        else
        {
            // The cached token was revoked or expired early: get a new one and try once more.
            tokens.Invalidate(token);
            token = await tokens.GetTokenAsync((r, ct) => base.SendAsync(r, ct), cancellationToken).ConfigureAwait(false);
        }

        response.Dispose();
        return await SendWithTokenAsync(request, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, OktaAccessToken token, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new(token.Scheme, token.Value);
        request.Headers.Remove("DPoP");
        if (token.IsDPoP)
        {
            request.Headers.Add("DPoP", tokens.CreateDPoPProof(request.Method, request.RequestUri!, token.Value));
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("DPoP-Nonce", out IEnumerable<string>? nonces))
        {
            tokens.DPoPNonce = nonces.FirstOrDefault();
        }

        return response;
    }

    private static bool IsNonceChallenge(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Any(static h =>
            string.Equals(h.Scheme, "DPoP", StringComparison.OrdinalIgnoreCase)
            && h.Parameter?.Contains("use_dpop_nonce", StringComparison.Ordinal) == true);
}
