using System.CommandLine;
using System.CommandLine.Invocation;

namespace Sym.Cli.Internal;

/// <summary>The <c>sym</c> command line: every command, and how a run of it ends (its output and exit code).</summary>
internal static class SymCli
{
    public const string ExitCodesHelp = """
        Exit codes: 0 done; 1 unexpected failure; 2 wrong command line; 3 not logged in or key refused (401);
        4 not allowed (403); 5 no such run (404); 6 run not in a state for this (409); 7 request invalid (400);
        8 service unreachable or failing (5xx).
        """;

    /// <summary>Runs one command line against <paramref name="env"/> and returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        RootCommand root = Build(env);
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                await env.Error.WriteLineAsync($"error: {error.Message}");
            }

            await env.Error.WriteLineAsync("Run 'sym --help' (or 'sym <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (CliException ex)
        {
            await env.Error.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
    }

    private static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand($"""
            Request, approve, revoke and audit just-in-time access through a Sym service's JSON API.
            Start with 'sym login --url <service URL>'; the key is read from standard input or a hidden prompt.

            {ExitCodesHelp}
            """);
        var json = new Option<bool>("--json") { Description = "Print the service's JSON instead of tables (for scripts).", Recursive = true };
        root.Options.Add(json);
        var commands = new CliCommands(env, json);
        foreach (Command command in commands.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
