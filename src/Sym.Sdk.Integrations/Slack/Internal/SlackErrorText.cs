using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// A failure as a person reads it in Slack (and as the Slack logs show it): the error code when there is one, the
/// message, then the <see cref="SymException.Hint"/>; secrets redacted, never the exception's type name.
/// </summary>
internal static class SlackErrorText
{
    public static string For(Exception exception)
    {
        if (exception is not SymException sym)
        {
            return SecretRedactor.Redact(exception.Message);
        }

        string message = sym.Message.Trim();
        string text = string.IsNullOrWhiteSpace(sym.Hint)
            ? message
            : message.EndsWith('.') || message.EndsWith('!') || message.EndsWith('?') ? $"{message} {sym.Hint.Trim()}" : $"{message}. {sym.Hint.Trim()}";
        return SecretRedactor.Redact($"{sym.ErrorCode}: {text}");
    }
}
