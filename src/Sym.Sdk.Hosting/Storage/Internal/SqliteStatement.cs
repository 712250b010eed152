namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>A SQL statement and its parameter names, prepared once per connection and reused.</summary>
internal sealed class SqliteStatement
{
    private static int s_count;

    public SqliteStatement(string sql, params string[] parameters)
    {
        Sql = sql;
        Parameters = parameters;
        Index = Interlocked.Increment(ref s_count) - 1;
    }

    /// <summary>How many statements exist (the size of a session's command cache).</summary>
    public static int Count => Volatile.Read(ref s_count);

    /// <summary>The statement's slot in a session's command cache.</summary>
    public int Index { get; }

    public string Sql { get; }

    public IReadOnlyList<string> Parameters { get; }
}
