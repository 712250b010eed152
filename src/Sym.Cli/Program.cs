using Sym.Cli.Internal;

namespace Sym.Cli;

/// <summary>The <c>sym</c> tool's entry point; everything it does is in <see cref="SymCli"/>, which the tests run in-process.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => SymCli.RunAsync(args, CliEnvironment.FromProcess());
}
