namespace Sym.Sdk.Hosting.PostgreSql.Internal;

/// <summary>The values of <c>Sym:Storage:Provider</c>.</summary>
internal static class SymStorageProviders
{
    public const string ProviderKey = "Sym:Storage:Provider";

    public static bool IsSqlite(string? provider) => string.IsNullOrEmpty(provider) || string.Equals(provider, "sqlite", StringComparison.OrdinalIgnoreCase);

    public static bool IsPostgreSql(string? provider) =>
        string.Equals(provider, "postgres", StringComparison.OrdinalIgnoreCase) || string.Equals(provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
