using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>Validates <see cref="SqliteSymStoreOptions"/> at startup, with messages that name the setting.</summary>
internal sealed class SqliteSymStoreOptionsValidator : IValidateOptions<SqliteSymStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteSymStoreOptions options)
    {
        List<string>? errors = null;
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
