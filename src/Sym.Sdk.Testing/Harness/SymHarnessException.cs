namespace Sym.Sdk.Testing;

/// <summary>
/// A harness assertion failed, or a story step could not be carried out (for example a request that created no run).
/// The message says what was expected, what happened, and the run's recent timeline. Any test framework reports it as a
/// failure.
/// </summary>
public sealed class SymHarnessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SymHarnessException()
        : base("A Sym harness assertion failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public SymHarnessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened.</param>
    /// <param name="innerException">The cause.</param>
    public SymHarnessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
