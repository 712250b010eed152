using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>The host's log messages (source-generated). Never logs keys, tokens or request bodies.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sym scheduler started: firing due timers every {Interval}.")]
    public static partial void SchedulerStarted(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Sym scheduler stopped.")]
    public static partial void SchedulerStopped(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Request {RunId} of flow {Flow} announced to {Destination}.")]
    public static partial void RequestAnnounced(ILogger logger, string flow, string runId, string destination);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Request {RunId} of flow {Flow}: {Update}.")]
    public static partial void RequestUpdated(ILogger logger, string flow, string runId, string update);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Error for {Channel} in flow {Flow}, run {RunId}: {Code} {Message}")]
    public static partial void ErrorReported(ILogger logger, string channel, string flow, string? runId, string code, string message);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "API key rejected: {Reason}.")]
    public static partial void ApiKeyRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Flows loaded: {Flows}.")]
    public static partial void FlowsLoaded(ILogger logger, string flows);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "The Sym API failed on {Path}.")]
    public static partial void ApiFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Slack request to {Path} rejected: {Reason}")]
    public static partial void SlackRequestRejected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Slack request to {Path} refused: {Code} {Message}")]
    public static partial void SlackPayloadInvalid(ILogger logger, string path, string code, string message);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "The background work of a Slack interaction failed.")]
    public static partial void SlackBackgroundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "The background work of a Slack interaction was cancelled by the host's shutdown.")]
    public static partial void SlackBackgroundAborted(ILogger logger);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Sym health check: the store failed a {Operation} probe.")]
    public static partial void StoreUnhealthy(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Slack request to {Path} refused with 503: the background queue is full or the host is stopping.")]
    public static partial void SlackQueueFull(ILogger logger, string path);
}
