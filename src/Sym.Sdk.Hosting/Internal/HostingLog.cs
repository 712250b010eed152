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

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Slack request to {Path} recorded but not queued (the background queue is full or the host is stopping): the inbox recovery processes it once its claim lapses.")]
    public static partial void SlackQueueFull(ILogger logger, string path);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Slack request to {Path} refused with 503: it could not be recorded in the store's inbox, so Slack should send it again.")]
    public static partial void SlackInboxRecordFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Information, Message = "Slack request to {Path} is a delivery already received ({Id}, retry {RetryNum}): answered, not processed again.")]
    public static partial void SlackDuplicateDelivery(ILogger logger, string path, string id, string retryNum);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "Slack delivery {Id} failed on attempt {Attempt} of {MaxAttempts} ({Error}); it is processed again after its claim lapses ({Lease}).")]
    public static partial void SlackDeliveryRetry(ILogger logger, string id, int attempt, int maxAttempts, TimeSpan lease, string error);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "Marking Slack delivery {Id} processed failed; it may be processed again after its claim lapses.")]
    public static partial void SlackInboxCompleteFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Warning, Message = "Recovering Slack delivery {Id} from {Source}, received {ReceivedAt}: attempt {Attempt}.")]
    public static partial void SlackDeliveryRecovered(ILogger logger, string id, string source, int attempt, DateTimeOffset receivedAt);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Error, Message = "Gave up on Slack delivery {Id} from {Source}, received {ReceivedAt}, after {Attempts} attempts that did not finish (Sym:Slack:InboxMaxAttempts); it is marked processed and will not run again.")]
    public static partial void SlackDeliveryAbandoned(ILogger logger, string id, string source, int attempts, DateTimeOffset receivedAt);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "Inbox item {Id} comes from {Source}, not Slack: left to its own processor.")]
    public static partial void InboxItemNotSlack(ILogger logger, string id, string source);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Purged {Count} processed deliveries older than {Retention} from the inbox.")]
    public static partial void SlackInboxPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "A pass of the Slack inbox recovery failed; the next one runs after the poll interval.")]
    public static partial void SlackInboxPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Error, Message = "Sym health check: the store failed a {Operation} probe.")]
    public static partial void StoreUnhealthy(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Error, Message = "The Sym console failed on {Path}.")]
    public static partial void ConsoleFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "Console sign-in refused: {Reason}.")]
    public static partial void ConsoleSignInRefused(ILogger logger, string reason);
}
