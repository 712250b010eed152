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

    [LoggerMessage(5, LogLevel.Warning, "Announcing run {RunId} to {Destination} failed: {Error}.")]
    public static partial void AnnounceFailed(ILogger logger, string runId, string destination, string error);

    [LoggerMessage(6, LogLevel.Warning, "Slack notification '{Operation}' for run {RunId} failed: {Error}.")]
    public static partial void NotifyFailed(ILogger logger, string operation, string? runId, string error);

    [LoggerMessage(7, LogLevel.Debug, "Run {RunId} has no Slack message to update ({Kind}).")]
    public static partial void NoMessage(ILogger logger, string runId, string kind);

    [LoggerMessage(8, LogLevel.Warning, "Slack interaction '{Action}' by {UserId} failed: {Error}.")]
    public static partial void InteractionFailed(ILogger logger, string action, string userId, string error);

    [LoggerMessage(9, LogLevel.Information, "Slack interaction rejected: {Error}.")]
    public static partial void InteractionRejected(ILogger logger, string error);
}
