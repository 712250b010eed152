using System.Runtime.CompilerServices;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>One named check of the store contract.</summary>
/// <param name="Name">The check's name: the method that runs it.</param>
/// <param name="Run">Runs the check against a fresh store; throws <see cref="SymHarnessException"/> when the store breaks the contract.</param>
/// <param name="NeedsReopen">Whether the check restarts the store (only durable stores run it).</param>
internal sealed record StoreCheck(string Name, Func<CheckContext, Task> Run, bool NeedsReopen = false)
{
    /// <summary>A check named after the method group passed as <paramref name="run"/>.</summary>
    public static StoreCheck Of(Func<CheckContext, Task> run, [CallerArgumentExpression(nameof(run))] string name = "") => new(name, run);

    /// <summary>A check of what survives a restart, named after the method group passed as <paramref name="run"/>.</summary>
    public static StoreCheck Durable(Func<CheckContext, Task> run, [CallerArgumentExpression(nameof(run))] string name = "") => new(name, run, true);
}
