using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Forms;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;

namespace SymExamples.GitHubDynamicTargets;

/// <summary>
/// Sym's <c>github_dynamic_targets</c> example: one <c>github_repo</c> target whose <c>repo_name</c> is bound to a prompt
/// field, offered from the organization's private repositories by a prefetch reducer.
/// </summary>
public sealed class GitHubDynamicTargetsFlow : FlowImplementation
{
    private readonly IGitHubClient _github;

    /// <summary>Registers the prefetch reducer of the <c>repo_name</c> field (Sym's <c>@prefetch(field_name="repo_name")</c>).</summary>
    /// <param name="github">The GitHub client (<c>FakeGitHub</c> in tests).</param>
    public GitHubDynamicTargetsFlow(IGitHubClient github)
    {
        _github = github;
        PrefetchField("repo_name", GetReposAsync);
    }

    /// <summary>Decide who can see and take actions on requests.</summary>
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new RequestPermission(
            // Only admins may view this request in Sym's web app.
            webappView: PermissionLevel.Admin,
            // Only member may approve or deny requests.
            approveDeny: PermissionLevel.Member,
            // allowSelfApproval lets users approve their own requests. This is great for testing!
            allowSelfApproval: true));

    /// <summary>Send Sym requests to the sym-requests slack channel.</summary>
    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new([Notification.To(Slack.Channel("#sym-requests"))]);

    /// <summary>
    /// Prefetch reducers return a list of FieldOptions that will be used to populate the Slack select menu for the prompt
    /// field with the given name: here the organization's private repositories (the client pages through them).
    /// </summary>
    private async ValueTask<IReadOnlyList<FieldOption>> GetReposAsync(Event evt, CancellationToken cancellationToken = default)
    {
        // The GitHub integration's external ID is the organization.
        string organization = evt.Flow.Environment.Integrations["github"].ExternalId!;

        var allOptions = new List<FieldOption>();
        await foreach (GitHubRepository repo in _github.ListOrganizationRepositoriesAsync(organization, cancellationToken))
        {
            // For this example, the value and the label are the same for the options.
            if (repo.Private)
            {
                allOptions.Add(new FieldOption(repo.Name, repo.Name));
            }
        }

        return allOptions;
    }
}
