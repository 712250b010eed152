using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>The Okta integration's log messages. Never a token, key, assertion or body.</summary>
internal static partial class OktaLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Okta throttled {Method} {Path}; retrying in {Delay} (attempt {Attempt}).")]
    public static partial void RateLimited(ILogger logger, string method, string path, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug,
        Message = "Okta rate limit for {Path}: {Remaining} of {Limit} left.")]
    public static partial void RateLimitLow(ILogger logger, string path, int remaining, int limit);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Okta call {Method} {Path} failed with {ErrorCode} (HTTP {Status}, error id {ErrorId}).")]
    public static partial void CallFailed(ILogger logger, string method, string path, string errorCode, int status, string? errorId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "Okta group membership: {Change} user {UserId} in group {GroupId}.")]
    public static partial void MembershipChanged(ILogger logger, OktaMembershipChange change, string userId, string groupId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Acquired an Okta access token for client {ClientId} ({TokenType}, valid {Lifetime}).")]
    public static partial void TokenAcquired(ILogger logger, string clientId, string tokenType, TimeSpan lifetime);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug,
        Message = "Okta asked for a DPoP nonce; retrying {Path} with it.")]
    public static partial void DPoPNonceRetry(ILogger logger, string path);
}
