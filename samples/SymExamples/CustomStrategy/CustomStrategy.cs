using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sym.Sdk;
using Sym.Sdk.Secrets;
using Sym.Sdk.Strategies;

namespace SymExamples.CustomStrategy;

/// <summary>Sym's <c>custom_strategy</c> example: escalate and deescalate through a third party's HTTP API.</summary>
/// <param name="http">Creates the HTTP client (the named client <see cref="HttpClientName"/>).</param>
public sealed class CustomStrategy(IHttpClientFactory http) : AccessStrategy
{
    /// <summary>The named <see cref="HttpClient"/> the strategy calls the third party with.</summary>
    public const string HttpClientName = "custom-strategy";

    /// <summary>
    /// This method determines how to identify this Sym user in the third party system. For this example, we'll use the
    /// user's email address.
    /// </summary>
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) =>
        new(user?.Email);

    /// <summary>
    /// This method executes after a user's request has been approved. It should elevate their permissions in the third
    /// party system.
    /// </summary>
    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await CallAsync("escalate", evt, cancellationToken);
        return null;
    }

    /// <summary>
    /// This method executes after a user's request has expired, or during a 'Revoke' event. It should deescalate their
    /// permissions in the third party system.
    /// </summary>
    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await CallAsync("deescalate", evt, cancellationToken);
        return null;
    }

    private async Task CallAsync(string action, Event evt, CancellationToken cancellationToken)
    {
        // Get the user's identity in the third party system (in this case, their email).
        string requester = await GetRequesterIdentityAsync(evt, cancellationToken);

        // The identifier from `sym_target.settings.identifier`.
        string targetIdentifier = evt.Fields.Target!.Settings["identifier"];

        // Using the user's ID and requested target, make an API call to the third party system.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"https://some-api.invalid/{action}"))
        {
            Content = JsonContent.Create(new JsonObject { ["user_id"] = requester, ["resource_id"] = targetIdentifier }),
        };
        request.Headers.Authorization = await HeadersAsync(evt, cancellationToken);
        using HttpResponseMessage response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A helper to authenticate with the third party system: the integration's secret 0 is the API key.</summary>
    private static async Task<AuthenticationHeaderValue> HeadersAsync(Event evt, CancellationToken cancellationToken)
    {
        IReadOnlyList<SymSecret> secrets = GetIntegration(evt).Secrets;
        if (secrets.Count == 0)
        {
            throw new SymException("CustomStrategy:NO_API_KEY", "API key must be set as secret 0 of the strategy's integration.");
        }

        string apiKey = await secrets[0].RetrieveValueAsync(cancellationToken);
        return new AuthenticationHeaderValue("Bearer", apiKey);
    }
}
