using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Sym.Sdk.Integrations.Okta.Internal;

namespace Sym.Sdk.Integrations.GitHub.Internal;

/// <summary>
/// GitHub's REST API over a typed <see cref="HttpClient"/> whose pipeline (registered by <c>AddSymGitHub</c>) sends the
/// token, media type, API version and user agent, and retries. This class maps requests, Link pages and errors.
/// </summary>
internal sealed class GitHubClient(HttpClient http, TimeProvider time, ILogger<GitHubClient> logger) : IGitHubClient
{
    public IAsyncEnumerable<GitHubRepository> ListOrganizationRepositoriesAsync(string organization, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        return PageAsync($"orgs/{Escape(organization)}/repos?per_page=100", GitHubJsonContext.Default.ListGitHubRepository,
            GitHubResource.Organization, organization, cancellationToken);
    }

    public async Task<GitHubAccessChange> AddRepositoryCollaboratorAsync(string owner, string repository, string username, string permission = "push",
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentException.ThrowIfNullOrWhiteSpace(permission);
        string repo = $"{owner}/{repository}";

        // GitHub answers 204 both for "added" and "already a collaborator": ask first so the caller learns which it was.
        if (await IsCollaboratorAsync(repo, username, cancellationToken).ConfigureAwait(false)
            || (await PendingInvitationsAsync(repo, username, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return GitHubAccessChange.AlreadyMember;
        }

        using HttpResponseMessage response = await SendAsync(HttpMethod.Put, CollaboratorPath(repo, username),
            JsonContent.Create(new GitHubPermissionBody(permission), GitHubJsonContext.Default.GitHubPermissionBody),
            GitHubResource.Repository, repo, cancellationToken).ConfigureAwait(false);
        GitHubAccessChange change = response.StatusCode == HttpStatusCode.Created ? GitHubAccessChange.Invited : GitHubAccessChange.Added;
        GitHubLog.AccessChanged(logger, change, username, repo);
        return change;
    }

    public async Task<GitHubAccessChange> RemoveRepositoryCollaboratorAsync(string owner, string repository, string username,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        string repo = $"{owner}/{repository}";
        GitHubAccessChange change = GitHubAccessChange.NotMember;
        if (await IsCollaboratorAsync(repo, username, cancellationToken).ConfigureAwait(false))
        {
            using HttpResponseMessage removed = await SendAsync(HttpMethod.Delete, CollaboratorPath(repo, username), null, GitHubResource.Repository, repo,
                cancellationToken, notFoundIsEmpty: true).ConfigureAwait(false);
            change = GitHubAccessChange.Removed;
        }

        // Removing a collaborator leaves their invitation open; accepted after expiry it would grant access again.
        foreach (GitHubInvitation invitation in await PendingInvitationsAsync(repo, username, cancellationToken).ConfigureAwait(false))
        {
            using HttpResponseMessage cancelled = await SendAsync(HttpMethod.Delete,
                $"repos/{RepoPath(repo)}/invitations/{invitation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null,
                GitHubResource.Repository, repo, cancellationToken, notFoundIsEmpty: true).ConfigureAwait(false);
            change = GitHubAccessChange.Removed;
        }

        GitHubLog.AccessChanged(logger, change, username, repo);
        return change;
    }

    public async Task<GitHubAccessChange> AddTeamMemberAsync(string organization, string teamSlug, string username, string role = "member",
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(teamSlug);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        string team = $"{organization}/{teamSlug}";
        string path = MembershipPath(organization, teamSlug, username);
        using (HttpResponseMessage existing = await SendAsync(HttpMethod.Get, path, null, GitHubResource.Team, team, cancellationToken, notFoundIsEmpty: true)
            .ConfigureAwait(false))
        {
            if (existing.StatusCode == HttpStatusCode.OK)
            {
                return GitHubAccessChange.AlreadyMember;
            }
        }

        using HttpResponseMessage response = await SendAsync(HttpMethod.Put, path,
            JsonContent.Create(new GitHubRoleBody(role), GitHubJsonContext.Default.GitHubRoleBody), GitHubResource.Team, team, cancellationToken)
            .ConfigureAwait(false);
        GitHubTeamMembership membership = await ReadAsync(response, GitHubJsonContext.Default.GitHubTeamMembership, cancellationToken).ConfigureAwait(false);
        GitHubAccessChange change = membership.State == "pending" ? GitHubAccessChange.Invited : GitHubAccessChange.Added;
        GitHubLog.AccessChanged(logger, change, username, team);
        return change;
    }

    public async Task<GitHubAccessChange> RemoveTeamMemberAsync(string organization, string teamSlug, string username, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(teamSlug);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        string team = $"{organization}/{teamSlug}";
        using HttpResponseMessage response = await SendAsync(HttpMethod.Delete, MembershipPath(organization, teamSlug, username), null, GitHubResource.Team,
            team, cancellationToken, notFoundIsEmpty: true).ConfigureAwait(false);
        GitHubAccessChange change = response.StatusCode == HttpStatusCode.NotFound ? GitHubAccessChange.NotMember : GitHubAccessChange.Removed;
        GitHubLog.AccessChanged(logger, change, username, team);
        return change;
    }

    private async Task<bool> IsCollaboratorAsync(string repo, string username, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, CollaboratorPath(repo, username), null, GitHubResource.Repository, repo,
            cancellationToken, notFoundIsEmpty: true).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    private async Task<List<GitHubInvitation>> PendingInvitationsAsync(string repo, string username, CancellationToken cancellationToken)
    {
        var found = new List<GitHubInvitation>();
        await foreach (GitHubInvitation invitation in PageAsync($"repos/{RepoPath(repo)}/invitations?per_page=100",
            GitHubJsonContext.Default.ListGitHubInvitation, GitHubResource.Repository, repo, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(invitation.Invitee?.Login, username, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(invitation);
            }
        }

        return found;
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string RepoPath(string repo)
    {
        int slash = repo.IndexOf('/', StringComparison.Ordinal);
        return $"{Escape(repo[..slash])}/{Escape(repo[(slash + 1)..])}";
    }

    private static string CollaboratorPath(string repo, string username) => $"repos/{RepoPath(repo)}/collaborators/{Escape(username)}";

    private static string MembershipPath(string organization, string teamSlug, string username) =>
        $"orgs/{Escape(organization)}/teams/{Escape(teamSlug)}/memberships/{Escape(username)}";

    private async IAsyncEnumerable<T> PageAsync<T>(
        string firstPage, JsonTypeInfo<List<T>> type, GitHubResource resource, string resourceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? page = new(firstPage, UriKind.Relative);
        while (page is not null)
        {
            List<T> items;
            Uri? next;
            using (HttpResponseMessage response = await SendAsync(HttpMethod.Get, page, null, resource, resourceId, cancellationToken, false)
                .ConfigureAwait(false))
            {
                items = await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
                Uri current = response.RequestMessage?.RequestUri ?? new Uri(http.BaseAddress!, page);
                next = OktaLinkHeader.FindNext(response.Headers, current);
                if (next is not null
                    && (Uri.Compare(current, next, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0 || next == current))
                {
                    // The next link carries the token with it: it must stay on GitHub's host, and must move forward.
                    throw new SymException(GitHubErrorCodes.InvalidResponse,
                        $"GitHub's next-page link ({next.GetLeftPart(UriPartial.Path)}) leaves the API host or repeats the page; refusing to follow it.");
                }
            }

            foreach (T item in items)
            {
                yield return item;
            }

            page = next;
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, GitHubResource resource, string resourceId,
        CancellationToken cancellationToken, bool notFoundIsEmpty = false) =>
        SendAsync(method, new Uri(path, UriKind.Relative), content, resource, resourceId, cancellationToken, notFoundIsEmpty);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content, GitHubResource resource, string resourceId,
        CancellationToken cancellationToken, bool notFoundIsEmpty)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SymException(GitHubErrorCodes.ConnectionFailed, $"Could not reach GitHub for {method.Method} {uri}: {e.Message}",
                "Check the network path to the GitHub API; the call was retried before giving up.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SymException(GitHubErrorCodes.Timeout, $"GitHub did not answer {method.Method} {uri} in time.",
                "GitHub may be degraded; the call was retried before giving up.", e);
        }

        if (response.IsSuccessStatusCode || (notFoundIsEmpty && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            string raw = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string? message = null;
            try
            {
                message = raw.Length == 0 ? null : JsonSerializer.Deserialize(raw, GitHubJsonContext.Default.GitHubErrorBody)?.Message;
            }
            catch (JsonException)
            {
                // Not GitHub's JSON: map by status alone.
            }

            bool limited = GitHubRateLimit.IsRateLimited(response);
            TimeSpan? retryAfter = limited ? GitHubRateLimit.RetryDelay(response, time) : null;
            string? requestId = response.Headers.TryGetValues("X-GitHub-Request-Id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
            SymException error = GitHubErrors.FromResponse(response.StatusCode, message, resource, resourceId, limited, retryAfter, raw, requestId);
            GitHubLog.CallFailed(logger, method.Method, uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString, error.ErrorCode, (int)response.StatusCode);
            throw error;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new SymException(GitHubErrorCodes.InvalidResponse, "GitHub answered with an empty body where data was expected.");
        }
        catch (JsonException e)
        {
            throw new SymException(GitHubErrorCodes.InvalidResponse, $"GitHub's response was not the JSON expected: {e.Message}",
                "Check that BaseAddress points at the GitHub REST API.", e)
            { StatusCode = (int)response.StatusCode };
        }
    }
}
