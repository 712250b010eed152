using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sym.Cli.Internal;

/// <summary>
/// Where the tool finds the service: its base URL and the API key, in <c>config.json</c> of the config folder.
/// <para>
/// The key is kept in that file in plain text, readable by its owner only: the folder is created 0700 and the file 0600 on
/// Linux and macOS (on Windows, the user profile's ACL already keeps it to its owner). A headless Linux box (a CI runner,
/// a bastion) has no OS keychain to put it in, so the tool does not pretend to use one; this is what the AWS CLI, gh's
/// fallback and kubectl do. <c>SYM_API_KEY</c> and <c>SYM_URL</c>, when set, are used instead of the file, so a
/// pipeline need not store the key at all.
/// </para>
/// </summary>
internal sealed record CliConfig
{
    public const string FileName = "config.json";

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("apiKey")]
    public string? ApiKey { get; init; }

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>The stored configuration, overridden by <c>SYM_URL</c> and <c>SYM_API_KEY</c>; empty when there is neither.</summary>
    public static CliConfig Load(CliEnvironment env)
    {
        CliConfig stored = new();
        string path = PathIn(env.ConfigDirectory);
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnlyFile) != 0)
            {
                // Like ssh with a loose key file, but a warning: the key may already have been read; it should be replaced.
                env.Error.WriteLine($"warning: {path} can be read or changed by others than you. Run 'chmod 600 {path}', and ask for a new key if others may have read it.");
            }

            try
            {
                stored = JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.CliConfig) ?? new();
            }
            catch (JsonException)
            {
                throw new CliException(ExitCodes.Failure, $"The config file {path} is not valid JSON. Run 'sym login' again to rewrite it.");
            }
        }

        return stored with
        {
            Url = env.GetVariable("SYM_URL") is { Length: > 0 } url ? url : stored.Url,
            ApiKey = env.GetVariable("SYM_API_KEY") is { Length: > 0 } key ? key : stored.ApiKey,
        };
    }

    /// <summary>Writes the file owner-only: to a new file created 0600, then moved over the old one, so it is never readable by others, not even briefly.</summary>
    public static string Save(CliEnvironment env, CliConfig config)
    {
        string directory = env.ConfigDirectory;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        string path = PathIn(directory);
        string temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, config, CliJsonContext.Default.CliConfig);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CliConfig))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
