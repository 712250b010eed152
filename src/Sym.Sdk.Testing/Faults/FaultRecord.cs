namespace Sym.Sdk.Testing.Faults;

/// <summary>A fault a <see cref="FaultInjector"/> fired.</summary>
/// <param name="Operation">The operation that failed.</param>
/// <param name="CallNumber">The 1-based number of the call (over all operations) that failed.</param>
public sealed record FaultRecord(string Operation, int CallNumber);
