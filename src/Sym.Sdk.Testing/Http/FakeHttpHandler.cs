using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Testing.Http.Internal;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing.Http;

/// <summary>
/// A primary <see cref="HttpMessageHandler"/> for tests: routes requests by method and path to canned or computed
/// responses, records every request, and takes fault injection. Use it under a real <see cref="HttpClient"/> (or as the
/// primary handler of an <c>IHttpClientFactory</c> client) so everything above it — serialization, headers, Polly
/// pipelines — runs for real.
/// </summary>
/// <remarks>
/// In a <see cref="SymFlowHarness"/>, <see cref="SymFlowHarness.Reset"/> forgets the recorded requests and puts the routes
/// back as they were at <see cref="SymFlowHarnessBuilder.Build"/>, as it does with fault rules: routes added before it stay,
/// each serving its responses from the first again (responses added to it later are dropped); routes added after it,
/// during a story, are dropped, and <see cref="UnmatchedStatus"/> goes back to its value at the build.
/// </remarks>
/// <example>
/// <code>
/// var http = new FakeHttpHandler();
/// http.On(HttpMethod.Post, "/grants").Respond(HttpStatusCode.Created, "{\"id\":\"g-1\"}");
/// var client = new HttpClient(http) { BaseAddress = new Uri("https://api.example.com") };
/// </code>
/// </example>
public sealed class FakeHttpHandler : HttpMessageHandler, ISymFake, IStoryScopedFake
{
    private readonly Lock _gate = new();
    private readonly List<FakeHttpRoute> _routes = [];
    private readonly List<RecordedHttpRequest> _requests = [];
    private int _routesAtStart = -1;
    private HttpStatusCode? _unmatchedStatusAtStart;

    /// <summary>Fault injection: a fired rule makes the request fail as a network error would (the exception is thrown).</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>
    /// What to answer when no route matches. The default (<see langword="null"/>) throws
    /// <see cref="InvalidOperationException"/> naming the request and the routes, so a missing route fails the test loudly.
    /// </summary>
    public HttpStatusCode? UnmatchedStatus { get; set; }

    /// <summary>
    /// Makes this handler the primary handler of every <see cref="HttpClient"/> the <c>IHttpClientFactory</c> creates
    /// (named and typed clients, including those of <c>AddHttpClient&lt;TStrategy&gt;()</c>), so the handlers and
    /// resilience pipelines above it still run. The factory never disposes this handler.
    /// </summary>
    /// <param name="services">The services.</param>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new SharedHandler(this)));
    }

    /// <inheritdoc />
    void IStoryScopedFake.MarkStart()
    {
        lock (_gate)
        {
            _routesAtStart = _routes.Count;
            _unmatchedStatusAtStart = UnmatchedStatus;
            foreach (FakeHttpRoute route in _routes)
            {
                route.MarkStart();
            }
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.Restart()
    {
        lock (_gate)
        {
            _requests.Clear();
            if (_routesAtStart >= 0)
            {
                // Routes are only ever appended, so the ones added since the build are the tail.
                _routes.RemoveRange(_routesAtStart, _routes.Count - _routesAtStart);
                UnmatchedStatus = _unmatchedStatusAtStart;
            }

            foreach (FakeHttpRoute route in _routes)
            {
                route.Restart();
            }
        }
    }

    /// <summary>Every request received, in order (since the last <see cref="SymFlowHarness.Reset"/>, in a harness).</summary>
    public IReadOnlyList<RecordedHttpRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Adds a route for a method and a path pattern. Later routes are tried first, so a test can override a default.</summary>
    /// <param name="method">The method, or <see langword="null"/> for any.</param>
    /// <param name="pathPattern">The path, where <c>*</c> matches one segment and a trailing <c>**</c> the rest.</param>
    /// <returns>The route, to add responses to.</returns>
    public FakeHttpRoute On(HttpMethod? method, string pathPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPattern);
        return Add(new FakeHttpRoute(method, pathPattern, null));
    }

    /// <summary>Adds a route matched by a predicate over the request.</summary>
    /// <param name="predicate">Whether the route matches.</param>
    /// <returns>The route, to add responses to.</returns>
    public FakeHttpRoute On(Func<RecordedHttpRequest, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Add(new FakeHttpRoute(null, null, predicate));
    }

    /// <summary>The requests received for a method and path (exact path, unescaped).</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path.</param>
    /// <returns>The matching requests, in order.</returns>
    public IReadOnlyList<RecordedHttpRequest> RequestsTo(HttpMethod method, string path) =>
        [.. Requests.Where(r => r.Method == method && string.Equals(Uri.UnescapeDataString(r.Uri.AbsolutePath), path, StringComparison.Ordinal))];

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        RecordedHttpRequest recorded = await RecordedHttpRequest.CaptureAsync(request, cancellationToken).ConfigureAwait(false);
        FakeHttpRoute? route;
        lock (_gate)
        {
            _requests.Add(recorded);
            route = null;
            for (int i = _routes.Count - 1; i >= 0; i--)
            {
                if (_routes[i].Matches(recorded))
                {
                    route = _routes[i];
                    break;
                }
            }
        }

        Faults.ThrowIfFaulted($"{recorded.Method.Method} {recorded.Uri.AbsolutePath}");

        if (route is null)
        {
            if (UnmatchedStatus is { } status)
            {
                return new HttpResponseMessage(status) { RequestMessage = request };
            }

            string routes;
            lock (_gate)
            {
                routes = _routes.Count == 0 ? "(none)" : string.Join("; ", _routes.Select(static r => r.Describe()));
            }

            throw new InvalidOperationException($"FakeHttpHandler has no route for {recorded.Method} {recorded.Uri}. Routes: {routes}.");
        }

        HttpResponseMessage response = route.Serve(recorded);
        response.RequestMessage ??= request;
        return response;
    }

    private FakeHttpRoute Add(FakeHttpRoute route)
    {
        lock (_gate)
        {
            _routes.Add(route);
        }

        return route;
    }
}
