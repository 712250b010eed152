using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Sym.Sdk.Hosting.PostgreSql.Internal;

/// <summary>
/// Validates <see cref="PostgreSqlSymStoreOptions"/> at startup, with messages that name the setting and never repeat the
/// connection string (it holds a password).
/// </summary>
internal sealed class PostgreSqlSymStoreOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<PostgreSqlSymStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlSymStoreOptions options)
    {
        List<string>? errors = null;
        if (configuration?[SymStorageProviders.ProviderKey] is { Length: > 0 } provider && !SymStorageProviders.IsPostgreSql(provider))
        {
            (errors ??= []).Add($"Sym:Storage:Provider is '{provider}', but this host registers the PostgreSQL store (UsePostgreSqlStore). Set it to 'postgres', or register the store with UseConfiguredStore(configuration).");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            (errors ??= []).Add("Sym:Storage:ConnectionString is required: the Npgsql connection string of the PostgreSQL database, for example 'Host=db;Database=sym;Username=sym;Password=…'.");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrEmpty(builder.Host))
                {
                    (errors ??= []).Add("Sym:Storage:ConnectionString names no Host.");
                }
            }
            catch (ArgumentException)
            {
                (errors ??= []).Add("Sym:Storage:ConnectionString is not a valid Npgsql connection string (its value is not repeated here: it may hold a password).");
            }
        }

        if (options.Schema is null || !System.Text.RegularExpressions.Regex.IsMatch(options.Schema, "^[a-z_][a-z0-9_]{0,62}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            (errors ??= []).Add($"Sym:Storage:Schema '{options.Schema}' must be a lower-case identifier: letters, digits and underscores, starting with a letter or underscore, at most 63 characters.");
        }

        if (options.TransientRetryTimeout < TimeSpan.Zero)
        {
            (errors ??= []).Add("Sym:Storage:TransientRetryTimeout must not be negative (zero turns retries off).");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            (errors ??= []).Add("Sym:Storage:CommandTimeout must be positive.");
        }

        return errors is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
