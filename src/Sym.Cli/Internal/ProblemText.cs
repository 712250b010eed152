using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Sym.Cli.Internal;

/// <summary>
/// Turns the API's <c>application/problem+json</c> answers into what a person reads: the title and the detail as
/// sentences, then each invalid field on its own line, then the error code in brackets for a search or a bug report.
/// </summary>
internal static class ProblemText
{
    public static string Describe(HttpStatusCode status, string body)
    {
        JsonElement problem;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            problem = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The service answered {(int)status} ({status}) without a problem description.");
        }

        if (problem.ValueKind != JsonValueKind.Object)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The service answered {(int)status} ({status}).");
        }

        var text = new StringBuilder();
        string? title = Text(problem, "title");
        string? detail = Text(problem, "detail");
        // A detail that repeats the title ("The request is invalid." / "The request is invalid. Correct the listed fields.") is said once.
        if (title is not null && (detail is null || !detail.StartsWith(title.TrimEnd('.'), StringComparison.Ordinal)))
        {
            Sentence(text, title);
        }

        Sentence(text, detail);

        if (text.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"The service answered {(int)status} ({status}).");
        }

        if (problem.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty field in errors.EnumerateObject())
            {
                IEnumerable<string?> messages = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(static m => m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText())
                    : [field.Value.ToString()];
                foreach (string? message in messages)
                {
                    // The engine's detail may already list the fields; each is said once.
                    if (message is not null && detail is not null && detail.Contains($"{field.Name}: {message}", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {field.Name}: {message}");
                }
            }
        }

        if (Text(problem, "code") is { } code)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  ({code})");
        }

        return text.ToString();
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static void Sentence(StringBuilder text, string? sentence)
    {
        if (sentence is null)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(sentence);
        if (!sentence.EndsWith('.') && !sentence.EndsWith('!') && !sentence.EndsWith('?'))
        {
            text.Append('.');
        }
    }
}
