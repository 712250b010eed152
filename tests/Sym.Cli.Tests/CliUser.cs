using Sym.Cli.Internal;

namespace Sym.Cli.Tests;

/// <summary>One person at their own terminal: a config folder of their own, and what <c>sym</c> printed for them.</summary>
internal sealed class CliUser : IDisposable
{
    private readonly Dictionary<string, string?> _variables = new(StringComparer.Ordinal);

    public CliUser() => ConfigDirectory = Path.Combine(Directory.CreateTempSubdirectory("sym-cli-user-").FullName, "sym");

    public string ConfigDirectory { get; }

    public string ConfigFile => Path.Combine(ConfigDirectory, "config.json");

    public void SetVariable(string name, string? value) => _variables[name] = value;

    /// <summary>Runs <c>sym</c> with <paramref name="args"/>, <paramref name="stdin"/> piped to it.</summary>
    public async Task<CliResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? string.Empty);
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            In = input,
            InputIsTerminal = false,
            UseColor = false,
            ConfigDirectory = ConfigDirectory,
            GetVariable = name => _variables.GetValueOrDefault(name),
        };
        int exitCode = await SymCli.RunAsync(args, env);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(ConfigDirectory)!, recursive: true);
}

internal sealed record CliResult(int ExitCode, string Out, string Error);
