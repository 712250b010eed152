using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.PagerDuty.Internal;

/// <summary>The PagerDuty integration's log messages. Never a token or a body.</summary>
internal static partial class PagerDutyLog
{
    [LoggerMessage(EventId = 4400, Level = LogLevel.Warning,
        Message = "PagerDuty throttled {Method} {Path}; retrying in {Delay} (attempt {Attempt}).")]
    public static partial void RateLimited(ILogger logger, string method, string path, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning,
        Message = "PagerDuty call {Method} {Path} failed with {ErrorCode} (HTTP {Status}).")]
    public static partial void CallFailed(ILogger logger, string method, string path, string errorCode, int status);
}
