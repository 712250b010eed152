using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>The Slack integration's log messages. None of them carries the token or a body.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(1, LogLevel.Debug, "Calling Slack {Method}.")]
    public static partial void Calling(ILogger logger, string method);

    [LoggerMessage(2, LogLevel.Warning, "Slack {Method} failed: {Error}.")]
    public static partial void Failed(ILogger logger, string method, string error);

    [LoggerMessage(3, LogLevel.Information, "Slack {Method} succeeded with a warning: {Warning}.")]
    public static partial void Warning(ILogger logger, string method, string warning);

    [LoggerMessage(4, LogLevel.Warning, "Retrying Slack {Method} in {Delay} (attempt {Attempt}, status {Status}).")]
    public static partial void Retrying(ILogger logger, string method, TimeSpan delay, int attempt, int? status);
}
