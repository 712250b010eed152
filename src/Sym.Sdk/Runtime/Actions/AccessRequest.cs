using System.Buffers;
using System.Text.Json;

namespace Sym.Sdk.Runtime;

/// <summary>A request for access, as <see cref="SymEngine.RequestAsync"/> receives it from Slack, an API or a test.</summary>
public sealed record AccessRequest
{
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    /// <summary>The flow's name, for example <c>custom_access</c>.</summary>
    public required string Flow { get; init; }

    /// <summary>Who asks for access.</summary>
    public required User Requester { get; init; }

    /// <summary>The target's name, when the flow has targets.</summary>
    public string? Target { get; init; }

    /// <summary>How long access is wanted; else the request's <c>duration</c> field.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Why access is wanted; else the request's <c>reason</c> field.</summary>
    public string? Reason { get; init; }

    /// <summary>The values of the flow's other prompt fields, by name. Build values with <see cref="SymFieldValue"/>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Fields { get; init; }

    /// <summary>The most characters a <see cref="Context"/> may have as JSON: 32,768.</summary>
    public const int MaxContextLength = 32_768;

    /// <summary>
    /// What the requester attaches to the request for hooks and approvers to read (Sym's request context, for example
    /// the diff of the job to approve): a JSON object of at most <see cref="MaxContextLength"/> characters, recorded with
    /// the run under step <c>request</c> and read with <c>evt.GetContext("request")</c>. Anything else is a field error of
    /// field <c>context</c> (<see cref="SymRequestValidationException"/>, code <c>SymSDK:INVALID_REQUEST</c>). The default
    /// value is <see langword="null"/>: no context.
    /// </summary>
    public JsonElement? Context { get; init; }

    /// <summary>Where the request comes from, for example <c>slack</c> or <c>api</c>. The default value is <c>api</c>.</summary>
    public string SourceChannel { get; init; } = "api";

    /// <summary>
    /// The id the new run gets, so a request can be submitted again safely (an idempotency key): a request whose id is
    /// already a run's creates nothing and answers <see cref="SymActionStatus.Ignored"/> with that run. 1–64 letters,
    /// digits, <c>-</c> or <c>_</c>. The default value is <see langword="null"/>: a new random id.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty, too long or has other characters.</exception>
    public string? RequestId
    {
        get;
        init
        {
            if (value is not null && (value.Length is 0 or > 64 || value.AsSpan().ContainsAnyExcept(IdCharacters)))
            {
                throw new ArgumentException("A request id is 1 to 64 letters, digits, '-' or '_'.", nameof(RequestId));
            }

            field = value;
        }
    }
}
