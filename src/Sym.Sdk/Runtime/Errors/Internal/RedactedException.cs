namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// What a log gets in place of an exception whose text holds a secret: the original's type name, its message and its full
/// text (stack and inner exceptions) with the secrets removed. The original is not kept, so no log provider can reach it.
/// </summary>
internal sealed class RedactedException(Exception original, string redactedText)
    : Exception($"{original.GetType().FullName}: {SecretRedactor.Redact(original.Message)}")
{
    private readonly string? _stackTrace = original.StackTrace;

    /// <summary>The full name of the exception this one stands for.</summary>
    public string OriginalType { get; } = original.GetType().FullName ?? original.GetType().Name;

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace;

    /// <inheritdoc />
    public override string ToString() => redactedText;
}
