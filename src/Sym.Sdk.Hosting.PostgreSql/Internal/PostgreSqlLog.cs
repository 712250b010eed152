using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Hosting.PostgreSql.Internal;

/// <summary>The store's log messages. They name the server as host, port and database: never the connection string.</summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(201, LogLevel.Information, "Sym store {Server} (schema {Schema}) migrated from schema version {From} to {To}")]
    public static partial void Migrated(ILogger logger, string server, string schema, int from, int to);

    [LoggerMessage(202, LogLevel.Debug, "Sym store {Server} (schema {Schema}) opened at schema version {Version}")]
    public static partial void Opened(ILogger logger, string server, string schema, int version);

    [LoggerMessage(203, LogLevel.Warning, "Sym store {Server}: {Operation} failed for a reason that passes ({Error}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string server, string operation, string error, TimeSpan delay);

    [LoggerMessage(204, LogLevel.Warning, "Sym store {Server}: the connection broke while committing a step of run {RunId}; the commit was {Outcome}")]
    public static partial void CommitResolved(ILogger logger, string server, string runId, string outcome);

    [LoggerMessage(205, LogLevel.Warning, "Sym store {Server}: releasing the lock of a grant failed ({Error}); the connection is discarded, which releases it")]
    public static partial void GrantUnlockFailed(ILogger logger, string server, string error);
}
