using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>
/// The Okta Management API over a typed <see cref="HttpClient"/> whose pipeline (registered by <c>AddSymOkta</c>)
/// authenticates, honours rate limits and retries. This class maps requests, pages and errors.
/// </summary>
internal sealed class OktaClient(HttpClient http, TimeProvider time, ILogger<OktaClient> logger) : IOktaClient
{
    private const int MembersPageSize = 200;
    private const int EmailSearchLimit = 10;

    public async Task<OktaUser> GetUserAsync(string idOrLogin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrLogin);
        return await GetAsync(UserPath(idOrLogin), OktaJsonContext.Default.OktaUser, OktaResource.User, idOrLogin, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<OktaUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        string search = $"profile.email eq \"{email.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        List<OktaUser> users = await GetAsync(
            $"api/v1/users?search={Uri.EscapeDataString(search)}&limit={EmailSearchLimit}",
            OktaJsonContext.Default.ListOktaUser, OktaResource.User, email, cancellationToken).ConfigureAwait(false);

        // Okta does not keep emails unique; a deprovisioned account sharing the email is not a candidate.
        List<OktaUser> live = users.Count > 1 ? users.FindAll(static u => u.Status != "DEPROVISIONED") : users;
        return live.Count switch
        {
            0 => null,
            1 => live[0],
            _ => throw new SymException(OktaErrorCodes.AmbiguousEmail,
                $"{live.Count} Okta users have the email '{email}': {string.Join(", ", live.Select(static u => u.Id))}.",
                "Give each user a distinct primary email in Okta, or store the user's Okta id as their okta identity."),
        };
    }

    public async Task<OktaUserProfile> GetUserProfileAsync(string idOrLogin, CancellationToken cancellationToken = default) =>
        (await GetUserAsync(idOrLogin, cancellationToken).ConfigureAwait(false)).Profile;

    public IAsyncEnumerable<OktaGroup> ListGroupsAsync(OktaGroupQuery? query = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<string>(3);
        if (query is not null)
        {
            if (query.NameStartsWith is not null && query.Search is not null)
            {
                throw new ArgumentException("Set either NameStartsWith or Search, not both.", nameof(query));
            }

            if (query.PageSize is { } size)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, "query.PageSize");
                ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 10_000, "query.PageSize");
                parameters.Add($"limit={size}");
            }

            if (!string.IsNullOrEmpty(query.NameStartsWith))
            {
                parameters.Add("q=" + Uri.EscapeDataString(query.NameStartsWith));
            }

            if (!string.IsNullOrEmpty(query.Search))
            {
                parameters.Add("search=" + Uri.EscapeDataString(query.Search));
            }
        }

        string path = parameters.Count == 0 ? "api/v1/groups" : "api/v1/groups?" + string.Join('&', parameters);
        return PageAsync(path, OktaJsonContext.Default.ListOktaGroup, OktaResource.Group, null, cancellationToken);
    }

    public IAsyncEnumerable<OktaUser> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        return PageAsync($"{GroupPath(groupId)}/users?limit={MembersPageSize}", OktaJsonContext.Default.ListOktaUser,
            OktaResource.Group, groupId, cancellationToken);
    }

    public IAsyncEnumerable<OktaGroup> ListUserGroupsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return PageAsync($"{UserPath(userId)}/groups", OktaJsonContext.Default.ListOktaGroup, OktaResource.User, userId, cancellationToken);
    }

    public async Task<bool> IsUserInGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);

        // A user belongs to far fewer groups than a group has members, so this reads the short list.
        await foreach (OktaGroup group in ListUserGroupsAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(group.Id, groupId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<OktaMembershipChange> AddUserToGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);

        // Okta answers 204 whether or not the user was a member; ask first so the caller learns which it was.
        OktaMembershipChange change = OktaMembershipChange.AlreadyMember;
        if (!await IsUserInGroupAsync(groupId, userId, cancellationToken).ConfigureAwait(false))
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Put, MembershipPath(groupId, userId),
                OktaResource.Group, groupId, cancellationToken).ConfigureAwait(false);
            change = OktaMembershipChange.Added;
        }

        OktaLog.MembershipChanged(logger, change, userId, groupId);
        return change;
    }

    public async Task<OktaMembershipChange> RemoveUserFromGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);

        OktaMembershipChange change = OktaMembershipChange.NotMember;
        if (await IsUserInGroupAsync(groupId, userId, cancellationToken).ConfigureAwait(false))
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Delete, MembershipPath(groupId, userId),
                OktaResource.Group, groupId, cancellationToken).ConfigureAwait(false);
            change = OktaMembershipChange.Removed;
        }

        OktaLog.MembershipChanged(logger, change, userId, groupId);
        return change;
    }

    private static string UserPath(string idOrLogin) => "api/v1/users/" + Uri.EscapeDataString(idOrLogin);

    private static string GroupPath(string groupId) => "api/v1/groups/" + Uri.EscapeDataString(groupId);

    private static string MembershipPath(string groupId, string userId) => $"{GroupPath(groupId)}/users/{Uri.EscapeDataString(userId)}";

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, OktaResource resource, string? resourceId, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, path, resource, resourceId, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<T> PageAsync<T>(
        string firstPage,
        JsonTypeInfo<List<T>> type,
        OktaResource resource,
        string? resourceId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? page = new(firstPage, UriKind.Relative);
        while (page is not null)
        {
            List<T> items;
            Uri? next;
            using (HttpResponseMessage response = await SendAsync(HttpMethod.Get, page, resource, resourceId, cancellationToken).ConfigureAwait(false))
            {
                items = await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
                Uri current = response.RequestMessage?.RequestUri ?? new Uri(http.BaseAddress!, page);
                next = OktaLinkHeader.FindNext(response.Headers, current);
                if (next is not null)
                {
                    CheckNextPage(current, next);
                }
            }

            foreach (T item in items)
            {
                yield return item;
            }

            page = next;
        }
    }

    private static void CheckNextPage(Uri current, Uri next)
    {
        // The next link carries our credentials with it: it must stay on the org, and must move forward.
        if (Uri.Compare(current, next, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SymException(OktaErrorCodes.InvalidResponse,
                $"Okta's next-page link points to another host ({next.GetLeftPart(UriPartial.Authority)}); refusing to follow it.",
                "Check that the domain is the Okta org itself and that no proxy rewrites Link headers.");
        }

        if (next == current)
        {
            throw new SymException(OktaErrorCodes.InvalidResponse, "Okta's next-page link points to the page just read; stopping to avoid a loop.");
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, OktaResource resource, string? resourceId, CancellationToken cancellationToken) =>
        SendAsync(method, new Uri(path, UriKind.Relative), resource, resourceId, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, OktaResource resource, string? resourceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (method == HttpMethod.Put || method == HttpMethod.Post)
        {
            // Okta answers 411 Length Required to a body-less PUT without Content-Length: 0.
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentLength = 0;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SymException(OktaErrorCodes.ConnectionFailed, $"Could not reach Okta for {method.Method} {uri}: {e.Message}",
                "Check the domain and the network path to the Okta org; the call was retried before giving up.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SymException(OktaErrorCodes.Timeout, $"Okta did not answer {method.Method} {uri} in time.",
                "Okta may be degraded; the call was retried before giving up. Raise AttemptTimeout if calls are legitimately slow.", e);
        }

        OktaRateLimit limit = OktaRateLimit.Read(response.Headers);
        if (limit is { Remaining: { } remaining, Limit: { } max } && remaining * 10 < max)
        {
            OktaLog.RateLimitLow(logger, uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString, remaining, max);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await CreateErrorAsync(method, response, resource, resourceId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SymException> CreateErrorAsync(
        HttpMethod method, HttpResponseMessage response, OktaResource resource, string? resourceId, CancellationToken cancellationToken)
    {
        string raw = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        OktaErrorBody? body = null;
        if (raw.Length > 0)
        {
            try
            {
                body = JsonSerializer.Deserialize(raw, OktaJsonContext.Default.OktaErrorBody);
            }
            catch (JsonException)
            {
                // Not Okta's JSON (a proxy's HTML page, say): map by status alone.
            }
        }

        TimeSpan? retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? OktaRateLimit.RetryDelay(response, time) : null;
        string? requestId = response.Headers.TryGetValues("X-Okta-Request-Id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
        SymException error = OktaErrors.FromResponse(response.StatusCode, body, resource, resourceId, retryAfter, raw, requestId);
        OktaLog.CallFailed(logger, method.Method, response.RequestMessage?.RequestUri?.AbsolutePath ?? string.Empty, error.ErrorCode,
            (int)response.StatusCode, body?.ErrorId);
        return error;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new SymException(OktaErrorCodes.InvalidResponse, "Okta answered with an empty body where data was expected.");
        }
        catch (JsonException e)
        {
            throw new SymException(OktaErrorCodes.InvalidResponse, $"Okta's response was not the JSON expected: {e.Message}",
                "Check that the domain points at the Okta org.", e)
            { StatusCode = (int)response.StatusCode };
        }
    }
}
