namespace Sym.Sdk.Testing;

/// <summary>Which side of a store write a simulated crash happens on.</summary>
public enum SymCrashSide
{
    /// <summary>The process dies just before the write: the write does not happen.</summary>
    BeforeWrite = 0,

    /// <summary>The process dies just after the write: the write happened, but nothing after it did (not even the caller learning of it).</summary>
    AfterWrite = 1,
}
