using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>Validates the API keys and limits at startup; messages name the setting's configuration path.</summary>
internal sealed class SymApiOptionsValidator : IValidateOptions<SymApiOptions>
{
    private const int MinBody = 1024;
    private const int MaxBody = 16 * 1024 * 1024;
    private const int MinUrl = 256;
    private const int MaxUrl = 65_536;

    public ValidateOptionsResult Validate(string? name, SymApiOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Keys.Count; i++)
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"Sym:Api:Keys:{i}");
            SymApiKeyOptions? key = options.Keys[i];
            if (key is null)
            {
                errors.Add($"{path} is required.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{path}:Name is required.");
            }
            else if (!names.Add(key.Name))
            {
                errors.Add($"{path}:Name '{key.Name}' is used by another key.");
            }

            if (string.IsNullOrWhiteSpace(key.Hash))
            {
                errors.Add($"{path}:Hash is required: the hex SHA-256 of the key (see SymApiKeys.Hash), never the key itself.");
            }
            else if (key.Hash.Length != SHA256.HashSizeInBytes * 2 || !ApiKeyVerifier.TryFromHex(key.Hash, out _))
            {
                errors.Add($"{path}:Hash must be 64 hex characters (the SHA-256 of the key); it has {key.Hash.Length.ToString(CultureInfo.InvariantCulture)} characters.");
            }
            else if (!hashes.Add(key.Hash))
            {
                errors.Add($"{path}:Hash is the hash of another key.");
            }

            if (string.IsNullOrWhiteSpace(key.User))
            {
                errors.Add($"{path}:User is required: the username of the Sym user the key acts as.");
            }

            if (key.Role is not ("member" or "admin" or "guest"))
            {
                errors.Add($"{path}:Role '{key.Role}' is not a role (member, admin, guest).");
            }
        }

        if (options.MaxRequestBodySize is < MinBody or > MaxBody)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"Sym:Api:MaxRequestBodySize must be between {MinBody} and {MaxBody} bytes; it is {options.MaxRequestBodySize}."));
        }

        if (options.MaxUrlLength is < MinUrl or > MaxUrl)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"Sym:Api:MaxUrlLength must be between {MinUrl} and {MaxUrl} characters; it is {options.MaxUrlLength}."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
