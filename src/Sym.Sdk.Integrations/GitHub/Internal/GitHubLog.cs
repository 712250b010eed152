using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.GitHub.Internal;

/// <summary>The GitHub integration's log messages. Never a token or a body.</summary>
internal static partial class GitHubLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Warning,
        Message = "GitHub throttled {Method} {Path}; retrying in {Delay} (attempt {Attempt}).")]
    public static partial void RateLimited(ILogger logger, string method, string path, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning,
        Message = "GitHub call {Method} {Path} failed with {ErrorCode} (HTTP {Status}).")]
    public static partial void CallFailed(ILogger logger, string method, string path, string errorCode, int status);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information,
        Message = "GitHub access: {Change} {Username} on {Resource}.")]
    public static partial void AccessChanged(ILogger logger, GitHubAccessChange change, string username, string resource);
}
