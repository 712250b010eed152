namespace Sym.Sdk.Hosting.Storage;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the durable stores raise (the SQLite store of Sym.Sdk.Hosting and the
/// PostgreSQL store of Sym.Sdk.Hosting.PostgreSql), to compare against instead of string literals. Each says what went
/// wrong with the store itself; the exception's hint says what to do.
/// </summary>
public static class SymStorageErrorCodes
{
    /// <summary>The <see cref="SymException.ErrorType"/> of storage errors.</summary>
    public const string Type = "Storage";

    /// <summary>
    /// The store is busy (SQLite: locked past its busy timeout; PostgreSQL: too many connections, a lock or statement timeout).
    /// Transient: the JSON API answers 503 with <c>Retry-After</c>.
    /// </summary>
    public const string Busy = Type + ":BUSY";

    /// <summary>The store cannot be written: a read-only file or folder, or a read-only PostgreSQL transaction (a replica).</summary>
    public const string ReadOnly = Type + ":READ_ONLY";

    /// <summary>The SQLite file cannot be opened (a missing folder, a path that is a folder, no permission).</summary>
    public const string CannotOpen = Type + ":CANNOT_OPEN";

    /// <summary>The disk holding the store is full.</summary>
    public const string DiskFull = Type + ":DISK_FULL";

    /// <summary>The SQLite file is damaged or is not a database.</summary>
    public const string Corrupt = Type + ":CORRUPT";

    /// <summary>Reading or writing the SQLite file failed at the operating system.</summary>
    public const string IoError = Type + ":IO_ERROR";

    /// <summary>Any other failure of the store; the message carries the driver's.</summary>
    public const string Failed = Type + ":FAILED";

    /// <summary>A stored run cannot be read back (its document does not parse); the run is reported, never dropped silently.</summary>
    public const string UnreadableRun = Type + ":UNREADABLE_RUN";

    /// <summary>A stored outbox message cannot be read back.</summary>
    public const string UnreadableMessage = Type + ":UNREADABLE_MESSAGE";

    /// <summary>The SQLite file's folder does not allow write-ahead logging (a network share), which the store needs.</summary>
    public const string WalUnavailable = Type + ":WAL_UNAVAILABLE";

    /// <summary>The store's schema was written by a newer version of Sym.Sdk; this version will not touch it.</summary>
    public const string SchemaTooNew = Type + ":SCHEMA_TOO_NEW";

    /// <summary>The file or schema holds tables that are not a Sym store's; the store will not write over them.</summary>
    public const string NotASymStore = Type + ":NOT_A_SYM_STORE";

    /// <summary>A request destination of a kind the store cannot save.</summary>
    public const string UnsupportedDestination = Type + ":UNSUPPORTED_DESTINATION";

    /// <summary>The PostgreSQL server is older than the store supports.</summary>
    public const string UnsupportedServer = Type + ":UNSUPPORTED_SERVER";

    /// <summary>PostgreSQL refused the credentials.</summary>
    public const string AuthenticationFailed = Type + ":AUTHENTICATION_FAILED";

    /// <summary>The PostgreSQL user lacks a privilege the store needs.</summary>
    public const string PermissionDenied = Type + ":PERMISSION_DENIED";

    /// <summary>The PostgreSQL server could not be reached, or went away, past the store's transient-retry timeout.</summary>
    public const string Unavailable = Type + ":UNAVAILABLE";

    /// <summary>
    /// The connection broke while a commit was in flight, so whether it landed is unknown; the engine re-reads the run
    /// (its version says) rather than guess.
    /// </summary>
    public const string CommitUnknown = Type + ":COMMIT_UNKNOWN";

    /// <summary><c>Sym:Storage:Provider</c> names neither <c>sqlite</c> nor <c>postgres</c>.</summary>
    public const string UnknownProvider = Type + ":UNKNOWN_PROVIDER";
}
