using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Hosting.Storage.Internal;

internal static partial class StorageLog
{
    [LoggerMessage(101, LogLevel.Information, "Sym store {Path} migrated from schema version {From} to {To}")]
    public static partial void Migrated(ILogger logger, string path, int from, int to);

    [LoggerMessage(102, LogLevel.Debug, "Sym store {Path} opened at schema version {Version}")]
    public static partial void Opened(ILogger logger, string path, int version);
}
