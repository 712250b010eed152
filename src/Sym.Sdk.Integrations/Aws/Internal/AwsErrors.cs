using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>Turns AWS error responses into <see cref="SymException"/>s with codes such as <c>AWSIAM:NO_SUCH_ENTITY</c>.</summary>
internal static class AwsErrors
{
    public const string Iam = AwsErrorCodes.IamType;
    public const string Sso = AwsErrorCodes.SsoType;
    public const string IdentityStore = AwsErrorCodes.IdentityStoreType;
    public const string Lambda = AwsErrorCodes.LambdaType;

    private const int MaxRawLength = 4096;

    /// <summary>Maps a query-protocol (XML) error response.</summary>
    public static SymException FromQuery(string prefix, HttpResponseMessage response, string body, TimeProvider timeProvider)
    {
        string? code = null;
        string? message = null;
        string? requestId = null;
        try
        {
            XElement root = XElement.Parse(body);
            XElement? error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            requestId = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            // Not XML (a proxy's HTML page, an empty 503): the status decides.
        }

        return Create(prefix, AwsErrorTables.Query, code, message, response, requestId ?? RequestIdOf(response), body, timeProvider);
    }

    /// <summary>Maps a JSON 1.1 or REST-JSON error response.</summary>
    public static SymException FromJson(string prefix, HttpResponseMessage response, string body, TimeProvider timeProvider)
    {
        string? code = response.Headers.TryGetValues("x-amzn-ErrorType", out IEnumerable<string>? types) ? types.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code ??= String(document.RootElement, "__type") ?? String(document.RootElement, "code") ?? String(document.RootElement, "Code");
                message = String(document.RootElement, "message") ?? String(document.RootElement, "Message");
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status decides.
        }

        return Create(prefix, AwsErrorTables.Json, code is null ? null : NormalizeJsonCode(code), message, response, RequestIdOf(response), body, timeProvider);
    }

    /// <summary>Builds the exception for a code (also used by the fakes, so tests see what production raises).</summary>
    public static SymException Create(
        string prefix, AwsErrorKind kind, string awsCode, string message, string? hint,
        int? statusCode = null, string? requestId = null, string? rawResponse = null, TimeSpan? retryAfter = null)
    {
        string errorCode = $"{prefix}:{ToCodeName(awsCode)}";
        string text = string.IsNullOrEmpty(message) ? $"AWS returned {awsCode}." : $"{awsCode}: {message}";
        string? raw = rawResponse is { Length: > MaxRawLength } ? rawResponse[..MaxRawLength] + "…" : rawResponse;
        return kind switch
        {
            AwsErrorKind.NotFound => new SymNotFoundException(errorCode, text, hint) { StatusCode = statusCode, RequestId = requestId, RawResponse = raw },
            AwsErrorKind.Authentication => new SymAuthenticationException(errorCode, text, hint) { StatusCode = statusCode, RequestId = requestId, RawResponse = raw },
            AwsErrorKind.Throttling => new SymRateLimitedException(errorCode, text, retryAfter) { StatusCode = statusCode, RequestId = requestId, RawResponse = raw },
            _ => new SymException(errorCode, text, hint) { StatusCode = statusCode, RequestId = requestId, RawResponse = raw },
        };
    }

    /// <summary><c>NoSuchEntity</c> → <c>NO_SUCH_ENTITY</c>; <c>ResourceNotFoundException</c> → <c>RESOURCE_NOT_FOUND</c>.</summary>
    public static string ToCodeName(string awsCode)
    {
        ReadOnlySpan<char> code = awsCode.AsSpan();
        if (code.EndsWith("Exception", StringComparison.Ordinal) && code.Length > "Exception".Length)
        {
            code = code[..^"Exception".Length];
        }

        var name = new StringBuilder(code.Length + 8);
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (!char.IsAsciiLetterOrDigit(c))
            {
                name.Append('_');
                continue;
            }

            bool boundary = i > 0 && char.IsAsciiLetterUpper(c)
                && (char.IsAsciiLetterLower(code[i - 1]) || (i + 1 < code.Length && char.IsAsciiLetterLower(code[i + 1]) && char.IsAsciiLetterUpper(code[i - 1])));
            if (boundary)
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(c));
        }

        return name.Length == 0 ? "UNKNOWN" : name.ToString();
    }

    /// <summary>The delay AWS asked for: <c>Retry-After</c> (seconds or a date), else a JSON <c>RetryAfterSeconds</c>.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, string? body, TimeProvider timeProvider)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                TimeSpan wait = date - timeProvider.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        if (body is { Length: > 0 } && body.Contains("RetryAfterSeconds", StringComparison.Ordinal))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("RetryAfterSeconds", out JsonElement seconds)
                    && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetDouble(out double s) && s >= 0)
                {
                    return TimeSpan.FromSeconds(s);
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Whether a response is AWS throttling: 429, or a throttling code in a 400 (IAM sends <c>Throttling</c> as 400).</summary>
    public static bool IsThrottling(HttpResponseMessage response, string? body) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.BadRequest && body is not null
            && (body.Contains("<Code>Throttling</Code>", StringComparison.Ordinal)
                || body.Contains("ThrottlingException", StringComparison.Ordinal)
                || body.Contains("TooManyRequestsException", StringComparison.Ordinal)
                || body.Contains("RequestLimitExceeded", StringComparison.Ordinal)));

    private static SymException Create(
        string prefix, IReadOnlyDictionary<string, AwsErrorInfo> table, string? code, string? message,
        HttpResponseMessage response, string? requestId, string body, TimeProvider timeProvider)
    {
        int status = (int)response.StatusCode;
        AwsErrorInfo info = code is not null && table.TryGetValue(code, out AwsErrorInfo known)
            ? known
            : new AwsErrorInfo(status switch
            {
                404 => AwsErrorKind.NotFound,
                401 or 403 => AwsErrorKind.Authentication,
                429 => AwsErrorKind.Throttling,
                _ => AwsErrorKind.Other,
            }, null);
        if (IsThrottling(response, body))
        {
            info = info with { Kind = AwsErrorKind.Throttling };
        }

        string awsCode = code ?? $"Http{status.ToString(CultureInfo.InvariantCulture)}";
        return Create(prefix, info.Kind, awsCode, message ?? response.ReasonPhrase ?? string.Empty, info.Hint, status, requestId, body,
            RetryAfter(response, body, timeProvider));
    }

    private static string NormalizeJsonCode(string code)
    {
        // "com.amazonaws.sso#ResourceNotFoundException:http://..." → "ResourceNotFoundException".
        int hash = code.LastIndexOf('#');
        string tail = hash >= 0 ? code[(hash + 1)..] : code;
        int colon = tail.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? tail[..colon] : tail;
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out IEnumerable<string>? ids) ? ids.FirstOrDefault()
        : response.Headers.TryGetValues("x-amz-request-id", out IEnumerable<string>? s3) ? s3.FirstOrDefault()
        : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
