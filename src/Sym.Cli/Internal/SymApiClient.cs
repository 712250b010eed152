using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sym.Cli.Internal;

/// <summary>
/// The host's JSON API (Sym.Sdk.Hosting's <c>MapSymApi</c>, under <c>/api</c>) as the tool uses it: every answer is read
/// as JSON, and every failure becomes a <see cref="CliException"/> whose message is the problem+json answer in sentences
/// and whose exit code follows its status.
/// </summary>
internal sealed class SymApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public SymApiClient(Uri baseUrl, string apiKey, HttpMessageHandler? handler)
    {
        _baseUrl = baseUrl;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = ApiRoot(baseUrl);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("sym-cli", typeof(SymApiClient).Assembly.GetName().Version?.ToString(3)));
    }

    /// <summary>The API's root: the service URL with <c>/api/</c> added unless it already ends in <c>/api</c>.</summary>
    public static Uri ApiRoot(Uri baseUrl)
    {
        string text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(text.EndsWith("/api", StringComparison.OrdinalIgnoreCase) ? text + "/" : text + "/api/");
    }

    /// <summary>Builds a client from the stored configuration; exit code 3 when there is none.</summary>
    public static SymApiClient FromConfig(CliEnvironment env)
    {
        CliConfig config = CliConfig.Load(env);
        if (string.IsNullOrEmpty(config.Url) || string.IsNullOrEmpty(config.ApiKey))
        {
            throw new CliException(ExitCodes.Unauthorized,
                "Not logged in. Run 'sym login --url <service URL>' (or set SYM_URL and SYM_API_KEY).");
        }

        if (!Uri.TryCreate(config.Url, UriKind.Absolute, out Uri? url))
        {
            throw new CliException(ExitCodes.Usage, $"The stored service URL '{config.Url}' is not an absolute URL. Run 'sym login' again.");
        }

        return new SymApiClient(url, config.ApiKey, env.HttpHandler);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, string? json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken);

    public static string RunPath(string runId, string? suffix = null) =>
        "requests/" + Uri.EscapeDataString(runId) + (suffix is null ? string.Empty : "/" + suffix);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        // The API's `next` links are absolute paths (/api/requests?...): resolved against the service, not the API root.
        Uri uri = path.StartsWith('/') ? new Uri(_baseUrl, path) : new Uri(_http.BaseAddress!, path);
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unavailable, $"Could not reach the Sym service at {_baseUrl}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"The Sym service at {_baseUrl} did not answer in time.");
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(body);
                    return doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw new CliException(ExitCodes.Failure, $"The service at {_baseUrl} answered {(int)response.StatusCode} with something that is not JSON. Is the URL that of a Sym service?");
                }
            }

            throw new CliException(ExitCodeFor(response.StatusCode), ProblemText.Describe(response.StatusCode, body));
        }
    }

    public static int ExitCodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => ExitCodes.Unauthorized,
        HttpStatusCode.Forbidden => ExitCodes.Forbidden,
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.Conflict => ExitCodes.Conflict,
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.RequestUriTooLong or HttpStatusCode.UnsupportedMediaType
            or HttpStatusCode.UnprocessableEntity => ExitCodes.Invalid,
        >= HttpStatusCode.InternalServerError => ExitCodes.Unavailable,
        _ => ExitCodes.Failure,
    };

    public void Dispose() => _http.Dispose();
}
