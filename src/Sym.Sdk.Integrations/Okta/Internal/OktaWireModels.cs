using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>Okta's error body: <c>{"errorCode","errorSummary","errorLink","errorId","errorCauses":[…]}</c>.</summary>
internal sealed record OktaErrorBody
{
    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("errorSummary")]
    public string? ErrorSummary { get; init; }

    [JsonPropertyName("errorId")]
    public string? ErrorId { get; init; }

    [JsonPropertyName("errorCauses")]
    public IReadOnlyList<OktaErrorCause>? ErrorCauses { get; init; }
}

internal sealed record OktaErrorCause
{
    [JsonPropertyName("errorSummary")]
    public string? ErrorSummary { get; init; }
}

/// <summary>The token endpoint's success body.</summary>
internal sealed record OktaTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
}

/// <summary>The token endpoint's error body (RFC 6749 §5.2).</summary>
internal sealed record OAuthErrorBody
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}
