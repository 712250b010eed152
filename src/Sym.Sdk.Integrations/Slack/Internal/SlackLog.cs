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

    [LoggerMessage(5, LogLevel.Warning, "Slack refused '{Operation}' for run {RunId} at {Target}; not retried: {Error}.")]
    public static partial void DeliveryRefused(ILogger logger, string operation, string? runId, string target, string error);

    [LoggerMessage(6, LogLevel.Information, "Delivering the {Kind} message of run {RunId} to Slack failed (attempt {Attempt}); it is delivered again later: {Error}.")]
    public static partial void DeliveryRetrying(ILogger logger, string kind, string? runId, int attempt, string error);

    [LoggerMessage(7, LogLevel.Debug, "Run {RunId} has no Slack message to update ({Kind}).")]
    public static partial void NoMessage(ILogger logger, string runId, string kind);

    [LoggerMessage(8, LogLevel.Warning, "Slack interaction '{Action}' by {UserId} failed: {Error}.")]
    public static partial void InteractionFailed(ILogger logger, string action, string userId, string error);

    [LoggerMessage(9, LogLevel.Information, "Slack interaction rejected: {Error}.")]
    public static partial void InteractionRejected(ILogger logger, string error);

    [LoggerMessage(10, LogLevel.Error, "Slack refused '{Operation}' for run {RunId} at {Target} because of the app's token or scopes; not retried: {Error}.")]
    public static partial void DeliveryMisconfigured(ILogger logger, string operation, string? runId, string target, string error);

    [LoggerMessage(11, LogLevel.Information, "The {Kind} message of run {RunId} ({Part}) was already posted in {Channel} by an earlier attempt (attempt {Attempt}); not posting it again.")]
    public static partial void FoundEarlierPost(ILogger logger, string kind, string? runId, string part, string channel, int attempt);

    [LoggerMessage(12, LogLevel.Warning, "Cannot read the history of {Channel} to look for an earlier post, so the message is posted again and may appear twice (grant channels:history, groups:history, im:history and mpim:history): {Error}.")]
    public static partial void LookupUnavailable(ILogger logger, string channel, string error);

    [LoggerMessage(13, LogLevel.Information, "Looking for an earlier post in {Channel} failed: {Error}.")]
    public static partial void LookupFailed(ILogger logger, string channel, string error);

    [LoggerMessage(14, LogLevel.Warning, "The requester's \"submitted\" DM for run {RunId} could not be posted (the request stands): {Error}.")]
    public static partial void SubmittedDmFailed(ILogger logger, string runId, string error);

    [LoggerMessage(15, LogLevel.Information, "Slack interaction '{Action}' by {UserId} could not be processed now and may be processed again: {Error}.")]
    public static partial void InteractionRetryable(ILogger logger, string action, string userId, string error);
}
