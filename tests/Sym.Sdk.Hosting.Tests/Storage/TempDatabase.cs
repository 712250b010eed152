using Microsoft.Data.Sqlite;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>A unique database path under the temp folder; deletes the file and its WAL files when disposed.</summary>
internal sealed class TempDatabase : IDisposable
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sym-store-tests");

    public TempDatabase()
    {
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db");
    }

    public string Path { get; }

    /// <summary>A plain connection to the file, for arranging and inspecting it behind the store's back.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Execute(string sql)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (string suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // A store the test forgot to dispose still holds it; the temp folder is cleaned by the OS.
            }
        }
    }
}
