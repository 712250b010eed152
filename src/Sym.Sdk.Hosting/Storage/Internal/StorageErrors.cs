using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>Maps SQLite's errors to <see cref="SymException"/>s with a <c>Storage:</c> code and a hint.</summary>
internal static class StorageErrors
{
    // SQLite primary result codes (the low byte of the extended code).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    public static SymException From(SqliteException exception, string path, string operation) => (exception.SqliteErrorCode & 0xFF) switch
    {
        Busy or Locked => new SymException(SymStorageErrorCodes.Busy,
            $"The Sym store '{path}' stayed locked by another writer while {operation}.",
            "Another process held a write lock longer than Sym:Storage:BusyTimeout; raise it, or look for a stuck process.", exception),
        ReadOnly => new SymException(SymStorageErrorCodes.ReadOnly, $"The Sym store '{path}' is read-only ({operation}).",
            "The host needs write access to the file and its folder (SQLite writes '-wal' and '-shm' files beside it).", exception),
        CantOpen => new SymException(SymStorageErrorCodes.CannotOpen, $"The Sym store '{path}' cannot be opened ({operation}).",
            "Check that the folder exists and the host may create and write files in it.", exception),
        Full => new SymException(SymStorageErrorCodes.DiskFull, $"The disk holding the Sym store '{path}' is full ({operation}).",
            "Free space on the volume; nothing was written.", exception),
        Corrupt or NotADatabase => new SymException(SymStorageErrorCodes.Corrupt,
            $"The file '{path}' is not a readable SQLite database ({operation}): {exception.Message}",
            "The file is damaged or is not a database. Restore the store from a backup, or point Sym:Storage:Path elsewhere.", exception),
        IoError => new SymException(SymStorageErrorCodes.IoError, $"Reading or writing the Sym store '{path}' failed ({operation}): {exception.Message}",
            "Check the disk and the file system; SQLite rolled the operation back.", exception),
        _ => new SymException(SymStorageErrorCodes.Failed, $"The Sym store '{path}' failed while {operation}: {exception.Message}", null, exception),
    };

    public static SymException UnreadableRun(string path, string runId, Exception exception) =>
        new(SymStorageErrorCodes.UnreadableRun, $"Run '{runId}' in the Sym store '{path}' cannot be read: {exception.Message}",
            "The stored document is damaged or was written by an incompatible version.", exception);

    public static SymException UnreadableMessage(string path, string messageId, Exception exception) =>
        new(SymStorageErrorCodes.UnreadableMessage, $"Outbox message '{messageId}' in the Sym store '{path}' cannot be read: {exception.Message}",
            "The stored document is damaged or was written by an incompatible version.", exception);
}
