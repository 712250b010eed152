using System.Text.RegularExpressions;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>Removes values that look like credentials from text before it is logged, recorded or posted.</summary>
internal static partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return Secrets().Replace(text, static m => m.Groups["keep"].Success ? m.Groups["keep"].Value + Mask : Mask);
    }

    /// <summary>
    /// The exception to hand a logger: <paramref name="exception"/> itself when its text (message, stack, inner exceptions)
    /// holds nothing to redact, else a stand-in whose message and text are redacted, keeping the original's type name and stack.
    /// </summary>
    public static Exception RedactException(Exception exception)
    {
        string text = exception.ToString();
        string redacted = Redact(text);
        return string.Equals(text, redacted, StringComparison.Ordinal) ? exception : new RedactedException(exception, redacted);
    }

    // Slack tokens (xoxb-, xoxp-, xapp-, …), bearer and SSWS authorization values, AWS access key ids and secret keys,
    // private-key blocks, and key=value pairs whose key names a secret.
    [GeneratedRegex(
        """
        (?<keep>(?i:bearer|ssws|basic)\s+)[A-Za-z0-9\-._~+/=]{8,}
        |xox[abposr]-[A-Za-z0-9-]{8,}
        |xapp-[A-Za-z0-9-]{8,}
        |(?:AKIA|ASIA)[A-Z0-9]{16}
        |-----BEGIN[A-Z ]*PRIVATE\sKEY-----[\s\S]*?-----END[A-Z ]*PRIVATE\sKEY-----
        |(?<keep>(?i:aws_secret_access_key|secret_access_key|secret|password|passwd|token|api_key|apikey|client_secret)["']?\s*[:=]\s*["']?)[^\s"',;&]{6,}
        |(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Secrets();
}
