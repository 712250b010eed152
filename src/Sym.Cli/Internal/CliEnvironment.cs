namespace Sym.Cli.Internal;

/// <summary>
/// What the tool reads and writes outside itself: the console, the config folder, environment variables, the clock and
/// the HTTP handler. The process gets the real ones (<see cref="FromProcess"/>); tests redirect every one of them.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>Whether standard input is a terminal (so <c>sym login</c> prompts for the key without echoing it).</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Whether output may carry ANSI colours: a terminal, <c>NO_COLOR</c> unset and <c>TERM</c> not <c>dumb</c>.</summary>
    public bool UseColor { get; init; }

    /// <summary>The folder holding <c>config.json</c>.</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>Reads a key typed at a terminal without echoing it.</summary>
    public Func<string?> ReadSecret { get; init; } = static () => null;

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The handler under the API client; <see langword="null"/> for the default one.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public static CliEnvironment FromProcess()
    {
        bool terminal = !Console.IsOutputRedirected;
        string? term = Environment.GetEnvironmentVariable("TERM");
        return new CliEnvironment
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            InputIsTerminal = !Console.IsInputRedirected,
            UseColor = terminal && Environment.GetEnvironmentVariable("NO_COLOR") is null && !string.Equals(term, "dumb", StringComparison.Ordinal),
            ConfigDirectory = DefaultConfigDirectory(Environment.GetEnvironmentVariable),
            ReadSecret = ReadSecretFromConsole,
        };
    }

    /// <summary>
    /// <c>SYM_CONFIG_DIR</c> if set; else <c>$XDG_CONFIG_HOME/sym</c>; else the user's application-data folder
    /// (<c>~/.config/sym</c> on Linux and macOS, <c>%APPDATA%\sym</c> on Windows).
    /// </summary>
    public static string DefaultConfigDirectory(Func<string, string?> variables)
    {
        if (variables("SYM_CONFIG_DIR") is { Length: > 0 } explicitDir)
        {
            return explicitDir;
        }

        if (!OperatingSystem.IsWindows() && variables("XDG_CONFIG_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "sym");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "sym");
    }

    private static string? ReadSecretFromConsole()
    {
        var key = new System.Text.StringBuilder();
        while (true)
        {
            ConsoleKeyInfo info = Console.ReadKey(intercept: true);
            switch (info.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return key.ToString();
                case ConsoleKey.Backspace when key.Length > 0:
                    key.Length--;
                    break;
                default:
                    if (!char.IsControl(info.KeyChar))
                    {
                        key.Append(info.KeyChar);
                    }

                    break;
            }
        }
    }
}
