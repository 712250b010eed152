namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// What a person reads about a failure (on the run, in the audit log, in a DM or the error channel): the exception's
/// message followed by its <see cref="SymException.Hint"/>, secrets redacted, never the exception's type name.
/// </summary>
internal static class ErrorText
{
    public static string For(Exception exception) =>
        SecretRedactor.Redact(Sentence(exception.Message, exception is SymException sym ? sym.Hint : null));

    /// <summary><paramref name="message"/>, then <paramref name="hint"/> after a full stop when the message lacks one.</summary>
    public static string Sentence(string message, string? hint)
    {
        message = message.Trim();
        if (string.IsNullOrWhiteSpace(hint))
        {
            return message;
        }

        if (message.Length == 0)
        {
            return hint.Trim();
        }

        return message[^1] is '.' or '!' or '?' ? $"{message} {hint.Trim()}" : $"{message}. {hint.Trim()}";
    }
}
