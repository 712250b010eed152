namespace Sym.Sdk.Hosting.PostgreSql;

/// <summary>
/// Settings of <see cref="PostgreSqlSymStore"/>. Bound from the configuration section <c>Sym:Storage</c> by
/// <c>services.AddSym().UsePostgreSqlStore()</c> (and by <c>UseConfiguredStore</c> when <c>Sym:Storage:Provider</c> is
/// <c>postgres</c>); validated at startup.
/// </summary>
public sealed class PostgreSqlSymStoreOptions
{
    /// <summary>The configuration section the options are bound from: <c>Sym:Storage</c>.</summary>
    public const string SectionName = "Sym:Storage";

    /// <summary>
    /// The Npgsql connection string, for example <c>Host=db.internal;Database=sym;Username=sym;Password=…</c>. Several
    /// hosts (<c>Host=a,b</c> with <c>Target Session Attributes=primary</c>) follow a failover. The store never logs it.
    /// Required; there is no default.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema the store's tables live in; created by the first migration when missing (the user needs the
    /// <c>CREATE</c> privilege on the database for that, or an existing schema it owns). Letters, digits and
    /// underscores, starting with a letter or underscore, at most 63 characters. The default value is <c>sym</c>.
    /// </summary>
    public string Schema { get; set; } = "sym";

    /// <summary>
    /// How long the store keeps retrying an operation that failed for a reason that passes (the server restarting or
    /// failing over, a connection reset, too many connections) before it gives up with <c>Storage:UNAVAILABLE</c>. Zero
    /// turns retries off. The default value is 15 seconds.
    /// </summary>
    public TimeSpan TransientRetryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long one statement may run before the server cancels it. The default value is 30 seconds.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
