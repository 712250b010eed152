using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>Validates <see cref="SqliteSymStoreOptions"/> at startup, with messages that name the setting.</summary>
internal sealed class SqliteSymStoreOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<SqliteSymStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteSymStoreOptions options)
    {
        List<string>? errors = null;
        if (configuration?["Sym:Storage:Provider"] is { Length: > 0 } provider && !string.Equals(provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            (errors ??= []).Add($"Sym:Storage:Provider is '{provider}', but this host registers the SQLite store (UseSqliteStore). Set it to 'sqlite', or register the store with UseConfiguredStore(configuration) from Sym.Sdk.Hosting.PostgreSql.");
        }

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            (errors ??= []).Add("Sym:Storage:Path is required: the SQLite file of the Sym store, for example 'sym.db'.");
        }
        else
        {
            string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
            if (folder is not null && !Directory.Exists(folder))
            {
                (errors ??= []).Add($"Sym:Storage:Path '{options.Path}' is in a folder that does not exist: '{folder}'.");
            }
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            (errors ??= []).Add("Sym:Storage:BusyTimeout must be positive (and under 24 days).");
        }

        return errors is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
