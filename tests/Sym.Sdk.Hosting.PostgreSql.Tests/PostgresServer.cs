using Npgsql;

namespace Sym.Sdk.Hosting.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the Npgsql connection string in <c>SYM_TEST_POSTGRES</c>, which .ci/run sets
/// after starting a throwaway cluster. Without it, the tests are skipped locally, with how to start one, and fail in CI
/// (<c>CI=true</c>), where PostgreSQL must be there.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "SYM_TEST_POSTGRES";

    public static readonly string HowToStart =
        $"PostgreSQL tests need a server: set {Variable} to an Npgsql connection string (a user that may create databases). To start a throwaway "
        + "cluster on a loopback port (installs Debian's postgresql package when missing, as root), from the repository root:\n"
        + "    eval \"$(bash .ci/postgres.sh start)\"\n"
        + "    dotnet test tests/Sym.Sdk.Hosting.PostgreSql.Tests\n"
        + "    bash .ci/postgres.sh stop";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the tests are skipped, or <see langword="null"/> when they run (a server is configured, or this is CI).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi ? HowToStart : null;

    /// <summary>The connection string, or a failure saying why there is none (in CI, a missing server fails the tests).</summary>
    public static string RequireConnectionString() => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set, and this is CI (CI=true), where the PostgreSQL tests must run. {HowToStart}");

    /// <summary>The connection string with another database.</summary>
    public static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(RequireConnectionString()) { Database = database }.ConnectionString;
}

/// <summary>A fact that needs PostgreSQL: skipped without it locally (saying how to start one), failing without it in CI.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresServer.SkipReason;
}

/// <summary>A theory that needs PostgreSQL: skipped without it locally (saying how to start one), failing without it in CI.</summary>
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute() => Skip = PostgresServer.SkipReason;
}
