using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.GitHub;

/// <summary>The real GitHub client, wired by <c>AddSymGitHub</c>, over a <see cref="FakeHttpHandler"/>.</summary>
public sealed class GitHubClientTests : IDisposable
{
    private readonly FakeHttpHandler _http = new();
    private readonly ServiceProvider _services;

    public GitHubClientTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSymGitHub(o =>
        {
            o.Token = "ghp-secret";
            o.MaxRetryAttempts = 0;
        }).ConfigurePrimaryHttpMessageHandler(() => _http);
        _services = services.BuildServiceProvider();
    }

    private IGitHubClient Client => _services.GetRequiredService<IGitHubClient>();

    public void Dispose() => _services.Dispose();

    private static string Repo(string name) => $$"""{"id":1,"name":"{{name}}","full_name":"acme/{{name}}","private":true}""";

    [Fact]
    public async Task ListOrganizationRepositoriesAsync_FollowsLinkNextAndSendsGitHubHeaders()
    {
        _http.On(HttpMethod.Get, "/orgs/acme/repos").Respond(request =>
        {
            bool second = request.Uri.Query.Contains("page=2", StringComparison.Ordinal);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"[{Repo(second ? "web" : "api")}]") };
            if (!second)
            {
                response.Headers.Add("Link", "<https://api.github.com/orgs/acme/repos?per_page=100&page=2>; rel=\"next\", <https://api.github.com/orgs/acme/repos?per_page=100&page=2>; rel=\"last\"");
            }

            return response;
        });

        List<GitHubRepository> repositories = [.. await Client.ListOrganizationRepositoriesAsync("acme").ToListAsync()];

        repositories.Select(static r => r.FullName).Should().Equal("acme/api", "acme/web");
        RecordedHttpRequest first = _http.Requests[0];
        first.Header("Authorization").Should().Be("Bearer ghp-secret");
        first.Header("Accept").Should().Be("application/vnd.github+json");
        first.Header("X-GitHub-Api-Version").Should().Be("2022-11-28");
        first.Header("User-Agent").Should().Be("Sym.Sdk");
        _http.Requests[1].Uri.Query.Should().Be("?per_page=100&page=2");
    }

    [Fact]
    public async Task ListOrganizationRepositoriesAsync_NextLinkToAnotherHost_IsRefused()
    {
        _http.On(HttpMethod.Get, "/orgs/acme/repos").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]") };
            response.Headers.Add("Link", "<https://evil.example.com/steal>; rel=\"next\"");
            return response;
        });

        Func<Task> act = async () => await Client.ListOrganizationRepositoriesAsync("acme").ToListAsync();

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(GitHubErrorCodes.InvalidResponse);
        _http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task AddRepositoryCollaboratorAsync_OutsideCollaborator_PutsThePermissionAndIsInvited()
    {
        _http.On(HttpMethod.Get, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Get, "/repos/acme/api/invitations").RespondJson("[]");
        _http.On(HttpMethod.Put, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.Created, """{"id":9}""");

        GitHubAccessChange change = await Client.AddRepositoryCollaboratorAsync("acme", "api", "octo", "maintain");

        change.Should().Be(GitHubAccessChange.Invited);
        _http.RequestsTo(HttpMethod.Put, "/repos/acme/api/collaborators/octo").Single().BodyText.Should().Be("""{"permission":"maintain"}""");
    }

    [Fact]
    public async Task AddRepositoryCollaboratorAsync_OrganizationMember_IsAdded()
    {
        _http.On(HttpMethod.Get, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Get, "/repos/acme/api/invitations").RespondJson("[]");
        _http.On(HttpMethod.Put, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NoContent);

        (await Client.AddRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.Added);
    }

    [Fact]
    public async Task AddRepositoryCollaboratorAsync_AlreadyCollaboratorOrInvited_ChangesNothing()
    {
        _http.On(HttpMethod.Get, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Get, "/repos/acme/api/invitations").RespondJson("""[{"id":5,"invitee":{"login":"Octo"}}]""");

        (await Client.AddRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.AlreadyMember);
        _http.RequestsTo(HttpMethod.Put, "/repos/acme/api/collaborators/octo").Should().BeEmpty();
    }

    [Fact]
    public async Task RemoveRepositoryCollaboratorAsync_CollaboratorWithPendingInvitation_RemovesBoth()
    {
        _http.On(HttpMethod.Get, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NoContent);
        _http.On(HttpMethod.Delete, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NoContent);
        _http.On(HttpMethod.Get, "/repos/acme/api/invitations").RespondJson("""[{"id":5,"invitee":{"login":"octo"}},{"id":6,"invitee":{"login":"other"}}]""");
        _http.On(HttpMethod.Delete, "/repos/acme/api/invitations/5").Respond(HttpStatusCode.NoContent);

        (await Client.RemoveRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.Removed);
        _http.Requests.Where(static r => r.Method == HttpMethod.Delete).Select(static r => r.Uri.AbsolutePath)
            .Should().Equal("/repos/acme/api/collaborators/octo", "/repos/acme/api/invitations/5");
    }

    [Fact]
    public async Task RemoveRepositoryCollaboratorAsync_NoAccess_IsNotMember()
    {
        _http.On(HttpMethod.Get, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Get, "/repos/acme/api/invitations").RespondJson("[]");

        (await Client.RemoveRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.NotMember);
        _http.Requests.Should().NotContain(static r => r.Method == HttpMethod.Delete);
    }

    [Theory]
    [InlineData("active", GitHubAccessChange.Added)]
    [InlineData("pending", GitHubAccessChange.Invited)]
    public async Task AddTeamMemberAsync_NotMember_PutsTheRole(string state, GitHubAccessChange expected)
    {
        _http.On(HttpMethod.Get, "/orgs/acme/teams/sre/memberships/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Put, "/orgs/acme/teams/sre/memberships/octo").RespondJson($$"""{"state":"{{state}}","role":"maintainer"}""");

        (await Client.AddTeamMemberAsync("acme", "sre", "octo", "maintainer")).Should().Be(expected);
        _http.RequestsTo(HttpMethod.Put, "/orgs/acme/teams/sre/memberships/octo").Single().BodyText.Should().Be("""{"role":"maintainer"}""");
    }

    [Fact]
    public async Task AddTeamMemberAsync_AlreadyMember_ChangesNothing()
    {
        _http.On(HttpMethod.Get, "/orgs/acme/teams/sre/memberships/octo").RespondJson("""{"state":"active","role":"member"}""");

        (await Client.AddTeamMemberAsync("acme", "sre", "octo")).Should().Be(GitHubAccessChange.AlreadyMember);
        _http.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, GitHubAccessChange.Removed)]
    [InlineData(HttpStatusCode.NotFound, GitHubAccessChange.NotMember)]
    public async Task RemoveTeamMemberAsync_ReadsTheStatus(HttpStatusCode status, GitHubAccessChange expected)
    {
        _http.On(HttpMethod.Delete, "/orgs/acme/teams/sre/memberships/octo").Respond(status);

        (await Client.RemoveTeamMemberAsync("acme", "sre", "octo")).Should().Be(expected);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(SymAuthenticationException), GitHubErrorCodes.InvalidToken)]
    [InlineData(HttpStatusCode.Forbidden, typeof(SymAuthenticationException), GitHubErrorCodes.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, typeof(SymNotFoundException), GitHubErrorCodes.RepositoryNotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity, typeof(SymException), GitHubErrorCodes.Validation)]
    [InlineData(HttpStatusCode.BadGateway, typeof(SymException), GitHubErrorCodes.ServerError)]
    public async Task Errors_OnPut_MapByStatus(HttpStatusCode status, Type type, string code)
    {
        _http.On(HttpMethod.Get, "/repos/acme/api/collaborators/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Get, "/repos/acme/api/invitations").RespondJson("[]");
        _http.On(HttpMethod.Put, "/repos/acme/api/collaborators/octo").Respond(status, """{"message":"Nope"}""");

        Func<Task> act = () => Client.AddRepositoryCollaboratorAsync("acme", "api", "octo");

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.Should().BeOfType(type);
        error.ErrorCode.Should().Be(code);
        error.Message.Should().Contain("Nope").And.Contain("repository 'acme/api'");
    }

    [Fact]
    public async Task Errors_TeamNotFound_IsTeamNotFound()
    {
        _http.On(HttpMethod.Get, "/orgs/acme/teams/nope/memberships/octo").Respond(HttpStatusCode.NotFound);
        _http.On(HttpMethod.Put, "/orgs/acme/teams/nope/memberships/octo").Respond(HttpStatusCode.NotFound, """{"message":"Not Found"}""");

        Func<Task> act = () => Client.AddTeamMemberAsync("acme", "nope", "octo");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(GitHubErrorCodes.TeamNotFound);
    }

    [Fact]
    public async Task Errors_403WithRateLimitUsedUp_IsRateLimitedNotForbidden()
    {
        _http.On(HttpMethod.Get, "/orgs/acme/repos").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("""{"message":"API rate limit exceeded"}""") };
            response.Headers.Add("x-ratelimit-remaining", "0");
            response.Headers.Add("retry-after", "30");
            return response;
        });

        Func<Task> act = async () => await Client.ListOrganizationRepositoriesAsync("acme").ToListAsync();

        SymRateLimitedException error = (await act.Should().ThrowAsync<SymRateLimitedException>()).Which;
        error.ErrorCode.Should().Be(GitHubErrorCodes.RateLimited);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("", "Sym.Sdk", "Token is required")]
    [InlineData("t", " ", "UserAgent is required")]
    public void Options_Invalid_FailValidationNamingTheProblem(string token, string userAgent, string problem)
    {
        var services = new ServiceCollection();
        services.AddSymGitHub(o =>
        {
            o.Token = token;
            o.UserAgent = userAgent;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Action act = () => _ = provider.GetRequiredService<IOptions<GitHubOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(problem);
    }
}
