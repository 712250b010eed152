namespace Sym.Sdk.Runtime;

/// <summary>One invalid value of a request: the field (or <c>flow</c>, <c>target</c>, <c>duration</c>, <c>source</c>) and what is wrong.</summary>
/// <param name="Field">The field's name.</param>
/// <param name="Message">What is wrong, for a person: a sentence that names the field as the form shows it (its label).</param>
public sealed record SymFieldError(string Field, string Message);
