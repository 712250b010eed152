using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// Reads the API's query parameters and durations: each parser adds what is wrong to the errors it is given, keyed by the
/// parameter, so one answer names every bad parameter (<see cref="InvalidQuery"/>).
/// </summary>
internal static class ApiParsing
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 500;

    // ISO 8601 extended format with seconds, an optional fraction of up to 7 digits, and a zone ('Z' or ±hh:mm): what
    // System.Text.Json writes for requestedAt, and what a person types.
    private static readonly string[] CursorFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    public static SymRunState? ParseState(string? state, Dictionary<string, string[]> errors)
    {
        if (state is null)
        {
            return null;
        }

        if (ApiMapping.TryParseState(state, out SymRunState s))
        {
            return s;
        }

        errors["state"] = [$"'{state}' is not a state (pending, escalating, active, deescalating, ended, denied, expired, cancelled, errored)."];
        return null;
    }

    // Bound as text and parsed here, so "limit=ten" answers like "limit=0" (a problem naming the parameter) instead of
    // the framework's bodiless 400.
    public static int ParseLimit(string? limit, Dictionary<string, string[]> errors)
    {
        if (limit is null)
        {
            return DefaultLimit;
        }

        if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int take) || take is < 1 or > MaxLimit)
        {
            errors["limit"] = [string.Create(CultureInfo.InvariantCulture, $"'{limit}' is not a limit: a whole number between 1 and {MaxLimit}.")];
            return DefaultLimit;
        }

        return take;
    }

    /// <summary>Reads the paging cursor: an ISO 8601 time with its offset, and optionally the id that breaks ties at that time.</summary>
    public static DateTimeOffset? ParseCursor(string? before, string? beforeId, Dictionary<string, string[]> errors)
    {
        DateTimeOffset? cursor = null;
        if (before is not null)
        {
            if (DateTimeOffset.TryParseExact(before, CursorFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
            {
                cursor = t;
            }
            else
            {
                errors["before"] =
                [
                    $"'{before}' is not an ISO 8601 time with an offset, such as '2026-01-05T09:00:00Z' (a run's requestedAt; in a URL, write '+' as '%2B')."
                ];
            }
        }

        if (beforeId is not null && before is null)
        {
            errors["beforeId"] = ["'beforeId' breaks ties between runs requested at the same time: it needs 'before'."];
        }
        else if (beforeId is { Length: 0 })
        {
            errors["beforeId"] = ["'beforeId' is a run id; it cannot be empty."];
        }

        return cursor;
    }

    public static IResult InvalidQuery(Dictionary<string, string[]> errors) =>
        ApiProblems.Validation(errors, "The query is invalid.", "SymApi:INVALID_QUERY");

    /// <summary>A duration: duration text (<c>30m</c>, <c>1h</c>) or a positive number of seconds; <see langword="null"/> when it is neither.</summary>
    public static TimeSpan? ParseDuration(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return SymDuration.TryParse(value.GetString(), out TimeSpan d) && d > TimeSpan.Zero ? d : null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long seconds) && seconds is > 0 and <= int.MaxValue
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
