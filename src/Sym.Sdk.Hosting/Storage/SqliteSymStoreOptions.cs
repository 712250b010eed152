namespace Sym.Sdk.Hosting.Storage;

/// <summary>
/// Settings of <see cref="SqliteSymStore"/>. Bound from the configuration section <c>Sym:Storage</c> by
/// <c>services.AddSym().UseSqliteStore()</c>; validated at startup.
/// </summary>
public sealed class SqliteSymStoreOptions
{
    /// <summary>The configuration section the options are bound from: <c>Sym:Storage</c>.</summary>
    public const string SectionName = "Sym:Storage";

    /// <summary>
    /// The database file, for example <c>sym.db</c> or <c>/var/lib/sym/sym.db</c>. Created, with its schema, when missing;
    /// its folder must exist. Relative paths are relative to the current directory. Required; there is no default.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// How long an operation waits for another process's write to finish before it fails with
    /// <c>Storage:BUSY</c>. The default value is 10 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
