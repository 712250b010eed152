using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>The AWS integration's log messages. Ids, names and codes only: never credentials, tokens or bodies.</summary>
internal static partial class AwsLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "AWS {Operation} failed: {ErrorCode} (HTTP {StatusCode}, request id {RequestId})")]
    public static partial void CallFailed(ILogger logger, string operation, string errorCode, int? statusCode, string? requestId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Account assignment {RequestId} is {Status}")]
    public static partial void AssignmentPolled(ILogger logger, string requestId, string status);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "{Strategy}: {Action} for target {TargetId} ({Outcome})")]
    public static partial void StrategyStep(ILogger logger, string strategy, string action, string targetId, string outcome);
}
