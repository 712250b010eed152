using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Sym.Sdk.Integrations.PagerDuty.Internal;

/// <summary>
/// PagerDuty's REST API v2 over a typed <see cref="HttpClient"/> whose pipeline (registered by <c>AddSymPagerDuty</c>)
/// authenticates and retries. This class maps requests, offset pages and errors.
/// </summary>
internal sealed class PagerDutyClient(HttpClient http, TimeProvider time, ILogger<PagerDutyClient> logger) : IPagerDutyClient
{
    internal const int PageSize = 100;

    public async Task<bool> IsOnCallAsync(User user, PagerDutyOnCallQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? userId = user.Identity(PagerDutyUser.IdentityService)?.UserId;
        if (userId is null)
        {
            PagerDutyUser? found = await FindUserByEmailAsync(user.Email, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return false;
            }

            userId = found.Id;
        }

        await foreach (PagerDutyOnCall onCall in OnCallsAsync(query, userId, cancellationToken).ConfigureAwait(false))
        {
            if (onCall.User is { } u && string.Equals(u.Id, userId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<IReadOnlyList<User>> UsersOnCallAsync(PagerDutyOnCallQuery? query = null, CancellationToken cancellationToken = default)
    {
        var users = new List<User>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (PagerDutyOnCall onCall in OnCallsAsync(query, null, cancellationToken).ConfigureAwait(false))
        {
            if (onCall.User is { } user && seen.Add(user.Id))
            {
                users.Add(user.ToSymUser());
            }
        }

        return users;
    }

    public async Task<IReadOnlyList<User>> UsersForScheduleAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheduleId);
        using HttpResponseMessage response = await SendAsync($"schedules/{Uri.EscapeDataString(scheduleId)}/users",
            PagerDutyResource.Schedule, scheduleId, cancellationToken).ConfigureAwait(false);
        PagerDutyUserPage page = await ReadAsync(response, PagerDutyJsonContext.Default.PagerDutyUserPage, cancellationToken).ConfigureAwait(false);
        return [.. page.Users.Select(static u => u.ToSymUser())];
    }

    public async Task<PagerDutyUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        await foreach (PagerDutyUser user in PageAsync("users?query=" + Uri.EscapeDataString(email), PagerDutyJsonContext.Default.PagerDutyUserPage,
            static p => p.Users, PagerDutyResource.None, null, cancellationToken).ConfigureAwait(false))
        {
            // query= matches names and emails by substring: only an exact email is this user.
            if (string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                return user;
            }
        }

        return null;
    }

    public IAsyncEnumerable<PagerDutyIncident> GetIncidentsAsync(PagerDutyIncidentQuery? query = null, CancellationToken cancellationToken = default) =>
        PageAsync(IncidentsPath(query), PagerDutyJsonContext.Default.PagerDutyIncidentPage, static p => p.Incidents, PagerDutyResource.None, null,
            cancellationToken);

    public async Task<bool> HasIncidentAsync(PagerDutyIncidentQuery? query = null, CancellationToken cancellationToken = default)
    {
        await foreach (PagerDutyIncident incident in GetIncidentsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    internal static string IncidentsPath(PagerDutyIncidentQuery? query)
    {
        query ??= new PagerDutyIncidentQuery();
        var path = new StringBuilder("incidents");
        char separator = '?';
        foreach (string status in query.Statuses)
        {
            Append(path, ref separator, "statuses[]", status);
        }

        foreach (string service in query.ServiceIds)
        {
            Append(path, ref separator, "service_ids[]", service);
        }

        foreach (string user in query.UserIds)
        {
            Append(path, ref separator, "user_ids[]", user);
        }

        if (query.Urgency is { } urgency)
        {
            Append(path, ref separator, "urgencies[]", urgency);
        }

        return path.ToString();
    }

    private IAsyncEnumerable<PagerDutyOnCall> OnCallsAsync(PagerDutyOnCallQuery? query, string? userId, CancellationToken cancellationToken)
    {
        var path = new StringBuilder("oncalls");
        char separator = '?';
        Append(path, ref separator, "include[]", "users");
        if (query?.ScheduleId is { } schedule)
        {
            Append(path, ref separator, "schedule_ids[]", schedule);
        }

        if (query?.EscalationPolicyId is { } policy)
        {
            Append(path, ref separator, "escalation_policy_ids[]", policy);
        }

        if (userId is not null)
        {
            Append(path, ref separator, "user_ids[]", userId);
        }

        int? level = query?.EscalationLevel;
        IAsyncEnumerable<PagerDutyOnCall> all = PageAsync(path.ToString(), PagerDutyJsonContext.Default.PagerDutyOnCallPage, static p => p.OnCalls,
            PagerDutyResource.None, null, cancellationToken);
        return level is null ? all : all.Where(o => o.EscalationLevel == level);
    }

    private static void Append(StringBuilder path, ref char separator, string name, string value)
    {
        path.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        separator = '&';
    }

    private async IAsyncEnumerable<T> PageAsync<TPage, T>(
        string firstPage,
        JsonTypeInfo<TPage> type,
        Func<TPage, List<T>> items,
        PagerDutyResource resource,
        string? resourceId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : PagerDutyPage
    {
        char separator = firstPage.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        int offset = 0;
        while (true)
        {
            string path = $"{firstPage}{separator}offset={offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}&limit={PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            TPage page;
            using (HttpResponseMessage response = await SendAsync(path, resource, resourceId, cancellationToken).ConfigureAwait(false))
            {
                page = await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
            }

            List<T> list = items(page);
            foreach (T item in list)
            {
                yield return item;
            }

            if (!page.More)
            {
                yield break;
            }

            if (list.Count == 0)
            {
                throw new SymException(PagerDutyErrorCodes.InvalidResponse,
                    $"PagerDuty said more results follow offset {offset} but returned an empty page; stopping to avoid a loop.");
            }

            offset += list.Count;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, PagerDutyResource resource, string? resourceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SymException(PagerDutyErrorCodes.ConnectionFailed, $"Could not reach PagerDuty for GET {path}: {e.Message}",
                "Check the network path to api.pagerduty.com; the call was retried before giving up.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SymException(PagerDutyErrorCodes.Timeout, $"PagerDuty did not answer GET {path} in time.",
                "PagerDuty may be degraded; the call was retried before giving up. Raise AttemptTimeout if calls are legitimately slow.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string raw = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string? message = null;
            try
            {
                PagerDutyError? error = raw.Length == 0 ? null : JsonSerializer.Deserialize(raw, PagerDutyJsonContext.Default.PagerDutyErrorBody)?.Error;
                message = error?.Message is { } m ? error.Errors is { Count: > 0 } details ? $"{m}: {string.Join("; ", details)}" : m : null;
            }
            catch (JsonException)
            {
                // Not PagerDuty's JSON (a proxy's page, say): map by status alone.
            }

            TimeSpan? retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? PagerDutyRateLimit.RetryDelay(response, time) : null;
            string? requestId = response.Headers.TryGetValues("X-Request-Id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
            SymException exception = PagerDutyErrors.FromResponse(response.StatusCode, message, resource, resourceId, retryAfter, raw, requestId);
            PagerDutyLog.CallFailed(logger, "GET", path, exception.ErrorCode, (int)response.StatusCode);
            throw exception;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new SymException(PagerDutyErrorCodes.InvalidResponse, "PagerDuty answered with an empty body where data was expected.");
        }
        catch (JsonException e)
        {
            throw new SymException(PagerDutyErrorCodes.InvalidResponse, $"PagerDuty's response was not the JSON expected: {e.Message}",
                "Check that BaseAddress points at PagerDuty's REST API.", e)
            { StatusCode = (int)response.StatusCode };
        }
    }
}
