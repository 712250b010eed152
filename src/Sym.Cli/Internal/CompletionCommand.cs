using System.CommandLine;

namespace Sym.Cli.Internal;

/// <summary>
/// <c>sym completion bash|zsh|pwsh</c>: a script for the shell that asks <c>sym</c> itself what may come next, through
/// System.CommandLine's <c>[suggest]</c> directive, so completion knows every command and option of the installed version.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # sym completion for bash: eval "$(sym completion bash)" (add it to ~/.bashrc)
        _sym_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(sym "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _sym_complete sym
        """;

    private const string Zsh = """
        # sym completion for zsh: eval "$(sym completion zsh)" (add it to ~/.zshrc)
        autoload -U +X bashcompinit && bashcompinit
        _sym_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(sym "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _sym_complete sym
        """;

    private const string Pwsh = """
        # sym completion for PowerShell: sym completion pwsh | Out-String | Invoke-Expression (add it to $PROFILE)
        Register-ArgumentCompleter -Native -CommandName sym -ScriptBlock {
          param($wordToComplete, $commandAst, $cursorPosition)
          sym "[suggest:$cursorPosition]" "$commandAst" | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
          }
        }
        """;

    public static Command Create(CliEnvironment env)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print the shell completion script for bash, zsh or PowerShell.") { shell };
        command.SetAction(async (parse, _) =>
        {
            await env.Out.WriteLineAsync(parse.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => Pwsh,
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
