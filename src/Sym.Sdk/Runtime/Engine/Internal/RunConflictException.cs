namespace Sym.Sdk.Runtime.Internal;

/// <summary>Another writer updated the run first; the action reloads the run and decides again.</summary>
internal sealed class RunConflictException : Exception
{
    public RunConflictException()
        : base("The run changed concurrently.")
    {
    }

    public RunConflictException(string message)
        : base(message)
    {
    }

    public RunConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
