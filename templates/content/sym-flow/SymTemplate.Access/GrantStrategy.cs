using System.Net;
using System.Net.Http.Json;
using Sym.Sdk;
using Sym.Sdk.Strategies;

namespace SymTemplate.Access;

/// <summary>
/// Grants and revokes access through your own HTTP API: <c>POST grants</c> with the requester's identity and the target,
/// and <c>DELETE grants/{identity}/{target}</c>. Change the calls to your API's; the named <see cref="HttpClient"/>
/// <see cref="HttpClientName"/> carries its base address and credentials (registered by the host, faked by the tests).
/// </summary>
/// <param name="clients">Makes the named client.</param>
public sealed class GrantStrategy(IHttpClientFactory clients) : AccessStrategy
{
    /// <summary>The name of the <see cref="HttpClient"/> this strategy calls your API with.</summary>
    public const string HttpClientName = "access-api";

    /// <summary>Who the requester is in your API: their email. Change it if your API knows people by another id.</summary>
    /// <param name="user">The requester.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The identity.</returns>
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Email);
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        using HttpResponseMessage response = await clients.CreateClient(HttpClientName)
            .PostAsJsonAsync(new Uri("grants", UriKind.Relative), new { identity, target = targetId }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return StrategyOutput.Applied();
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        var grant = new Uri($"grants/{Uri.EscapeDataString(identity)}/{Uri.EscapeDataString(targetId)}", UriKind.Relative);
        using HttpResponseMessage response = await clients.CreateClient(HttpClientName).DeleteAsync(grant, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return StrategyOutput.AlreadyRevoked();
        }

        response.EnsureSuccessStatusCode();
        return StrategyOutput.Applied();
    }
}
