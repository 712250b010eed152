namespace Sym.Sdk.Testing.Faults;

/// <summary>The failure a fake raises when a <see cref="FaultInjector"/> rule fires (code <c>Fake:INJECTED_FAULT</c>).</summary>
public sealed class InjectedFaultException : SymException
{
    /// <summary>The error code this exception carries.</summary>
    public const string Code = "Fake:INJECTED_FAULT";

    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The fake operation that failed, for example <c>okta.AddUserToGroup</c>.</param>
    /// <param name="callNumber">The 1-based number of the call to that fake that failed.</param>
    public InjectedFaultException(string operation, int callNumber)
        : base(Code, $"Injected fault in {operation} (call #{callNumber}).", "Raised on purpose by a FaultInjector rule.")
    {
        Operation = operation;
        CallNumber = callNumber;
    }

    /// <summary>The fake operation that failed.</summary>
    public string Operation { get; }

    /// <summary>The 1-based number of the call (to the whole fake) that failed.</summary>
    public int CallNumber { get; }
}
