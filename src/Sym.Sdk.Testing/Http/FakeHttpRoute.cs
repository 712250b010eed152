using System.Net;
using System.Text;

namespace Sym.Sdk.Testing.Http;

/// <summary>
/// One route of a <see cref="FakeHttpHandler"/>: which requests it matches and what it answers. Responses given with
/// <see cref="Respond(HttpStatusCode, string, string)"/> are served in order; the last one repeats.
/// </summary>
public sealed class FakeHttpRoute
{
    private readonly Lock _gate = new();
    private readonly List<Func<RecordedHttpRequest, HttpResponseMessage>> _responses = [];
    private int _served;
    private int _responsesAtStart = -1;

    internal FakeHttpRoute(HttpMethod? method, string? pathPattern, Func<RecordedHttpRequest, bool>? predicate)
    {
        Method = method;
        PathPattern = pathPattern;
        Predicate = predicate;
    }

    /// <summary>The method matched, or <see langword="null"/> for any.</summary>
    public HttpMethod? Method { get; }

    /// <summary>The path pattern matched (<c>*</c> matches one segment, a trailing <c>**</c> the rest), or <see langword="null"/>.</summary>
    public string? PathPattern { get; }

    /// <summary>
    /// How many requests this route has answered (<see cref="SymFlowHarness.Reset"/> sets it back to 0, and the responses
    /// start from the first; responses added after <see cref="SymFlowHarnessBuilder.Build"/> are dropped).
    /// </summary>
    public int Hits
    {
        get
        {
            lock (_gate)
            {
                return _served;
            }
        }
    }

    internal Func<RecordedHttpRequest, bool>? Predicate { get; }

    /// <summary>Remembers the responses given now as the route's own (the harness calls this when it is built).</summary>
    internal void MarkStart()
    {
        lock (_gate)
        {
            _responsesAtStart = _responses.Count;
        }
    }

    /// <summary>
    /// Serves the responses from the first again, with no hits counted; responses added since <see cref="MarkStart"/> are
    /// dropped.
    /// </summary>
    internal void Restart()
    {
        lock (_gate)
        {
            _served = 0;
            if (_responsesAtStart >= 0)
            {
                _responses.RemoveRange(_responsesAtStart, _responses.Count - _responsesAtStart);
            }
        }
    }

    /// <summary>Adds a response with a body.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="body">The body text.</param>
    /// <param name="contentType">The media type. The default value is <c>application/json</c>.</param>
    /// <returns>This route, for chaining.</returns>
    public FakeHttpRoute Respond(HttpStatusCode status, string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        return Respond(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) });
    }

    /// <summary>Adds a response with no body.</summary>
    /// <param name="status">The status code.</param>
    /// <returns>This route, for chaining.</returns>
    public FakeHttpRoute Respond(HttpStatusCode status) => Respond(_ => new HttpResponseMessage(status));

    /// <summary>Adds a 200 response with a JSON body.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>This route, for chaining.</returns>
    public FakeHttpRoute RespondJson(string json) => Respond(HttpStatusCode.OK, json);

    /// <summary>Adds a response computed from the request (headers may be set on the returned message).</summary>
    /// <param name="respond">Builds the response.</param>
    /// <returns>This route, for chaining.</returns>
    public FakeHttpRoute Respond(Func<RecordedHttpRequest, HttpResponseMessage> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        lock (_gate)
        {
            _responses.Add(respond);
        }

        return this;
    }

    /// <summary>Adds a response that throws, as a network failure would.</summary>
    /// <param name="exception">The exception; the default is an <see cref="HttpRequestException"/>.</param>
    /// <returns>This route, for chaining.</returns>
    public FakeHttpRoute Throw(Exception? exception = null) =>
        Respond(_ => throw (exception ?? new HttpRequestException("Injected network failure.")));

    internal bool Matches(RecordedHttpRequest request)
    {
        if (Method is not null && Method != request.Method)
        {
            return false;
        }

        if (PathPattern is not null && !PathMatches(PathPattern, request.Uri.AbsolutePath))
        {
            return false;
        }

        return Predicate?.Invoke(request) ?? true;
    }

    internal HttpResponseMessage Serve(RecordedHttpRequest request)
    {
        Func<RecordedHttpRequest, HttpResponseMessage> respond;
        lock (_gate)
        {
            if (_responses.Count == 0)
            {
                throw new InvalidOperationException($"Route {Describe()} has no response configured.");
            }

            respond = _responses[Math.Min(_served, _responses.Count - 1)];
            _served++;
        }

        return respond(request);
    }

    internal string Describe() => $"{Method?.Method ?? "*"} {PathPattern ?? "(any path)"}{(Predicate is null ? string.Empty : " [predicate]")}";

    private static bool PathMatches(string pattern, string path)
    {
        string[] p = pattern.Trim('/').Split('/');
        string[] s = path.Trim('/').Split('/');
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == "**")
            {
                return true;
            }

            if (i >= s.Length || (p[i] != "*" && !string.Equals(p[i], Uri.UnescapeDataString(s[i]), StringComparison.Ordinal)
                                   && !string.Equals(p[i], s[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return p.Length == s.Length;
    }
}
