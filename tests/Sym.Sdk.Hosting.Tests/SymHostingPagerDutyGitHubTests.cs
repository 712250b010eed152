using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.GitHub;

namespace Sym.Sdk.Hosting.Tests;

/// <summary>
/// <c>AddSymHosting</c> binds <c>Sym:PagerDuty</c> and <c>Sym:GitHub</c> when present (as <c>Sym:Okta</c> and
/// <c>Sym:Aws</c>), and configured flows may name the <c>github</c> strategy.
/// </summary>
public sealed class SymHostingPagerDutyGitHubTests
{
    [Fact]
    public async Task ConfiguredFlow_GitHubStrategy_GrantsAndRevokesThroughTheBoundClient()
    {
        var github = new FakeGitHub();
        github.AddRepository("acme/api");
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:GitHub:Token"] = "github_pat_test";
            c["Sym:GitHub:UserAgent"] = "acme-sym-access";
            c["Sym:Flows:test_access:Strategy:Type"] = "github";
            c["Sym:Flows:test_access:Targets:0:Settings:repo"] = "acme/api";
            c["Sym:Flows:test_access:Targets:0:Settings:permission"] = "maintain";
        }, hosting: h => github.AddTo(h.Services)); // after the host's AddSymGitHub, as a test replaces the real client
        await host.App.Services.GetRequiredService<SymEngine>()
            .PersistUserIdentityAsync("alice@example.com", new UserIdentity { Service = "github", UserId = "alice-gh" });
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();

        HttpResponseMessage approved = await host.Client(TestHost.BobKey).PostJsonAsync($"/api/requests/{id}/approve", """{"reason":"ok"}""");

        approved.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement answer = await approved.JsonAsync();
        answer.GetProperty("run").GetProperty("state").GetString().Should().Be("active");
        github.PermissionOf("acme/api", "alice-gh").Should().Be("maintain");
        host.App.Services.GetRequiredService<IOptions<GitHubOptions>>().Value.UserAgent.Should().Be("acme-sym-access");

        (await alice.PostAsync(new Uri($"/api/requests/{id}/relinquish", UriKind.Relative), null)).EnsureSuccessStatusCode();

        github.PermissionOf("acme/api", "alice-gh").Should().BeNull();
    }

    [Fact]
    public async Task GitHubSection_Present_AddsTheRealClientBoundFromIt()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:GitHub:Token"] = "github_pat_test";
            c["Sym:GitHub:BaseAddress"] = "https://github.example.com/api/v3/";
        });

        host.App.Services.GetRequiredService<IGitHubClient>().Should().NotBeNull();
        host.App.Services.GetRequiredService<IOptions<GitHubOptions>>().Value.BaseAddress.Should().Be(new Uri("https://github.example.com/api/v3/"));
    }

    [Fact]
    public async Task PagerDutySection_Present_AddsTheClientBoundFromIt()
    {
        await using TestHost host = await TestHost.StartAsync(c =>
        {
            c["Sym:PagerDuty:ApiToken"] = "u+test";
            c["Sym:PagerDuty:MaxRetryAttempts"] = "5";
        });

        host.App.Services.GetRequiredService<IPagerDutyClient>().Should().NotBeNull();
        PagerDutyOptions options = host.App.Services.GetRequiredService<IOptions<PagerDutyOptions>>().Value;
        options.ApiToken.Should().Be("u+test");
        options.MaxRetryAttempts.Should().Be(5);
    }

    [Fact]
    public async Task Sections_Absent_AddNoClient()
    {
        await using TestHost host = await TestHost.StartAsync();

        host.App.Services.GetService<IGitHubClient>().Should().BeNull();
        host.App.Services.GetService<IPagerDutyClient>().Should().BeNull();
        host.App.Services.GetService<IOptions<GitHubOptions>>()!.Value.Token.Should().BeEmpty();
    }

    [Fact]
    public async Task GitHubFlow_WithoutSymGitHubOrAClient_FailsTheStartNamingTheMissingClient()
    {
        // As for okta and aws_*: the engine makes a configured flow's strategy when it starts, so the missing client shows then,
        // as a typed error naming the flow and the client.
        Func<Task> start = () => TestHost.StartAsync(c => c["Sym:Flows:test_access:Strategy:Type"] = "github");

        SymException error = (await start.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(SymErrorCodes.InvalidFlow);
        error.Message.Should().Contain("test_access").And.Contain(nameof(IGitHubClient)).And.Contain(nameof(GitHubStrategy));
        error.Hint.Should().Contain("AddSymGitHub");
    }

    [Theory]
    [InlineData("Sym:GitHub:UserAgent", "acme", "GitHub: Token is required")]
    [InlineData("Sym:PagerDuty:BaseAddress", "https://api.pagerduty.com/", "PagerDuty: ApiToken is required")]
    public async Task Section_WithoutItsSecret_FailsTheStartNamingIt(string key, string value, string expected)
    {
        Func<Task> start = () => TestHost.StartAsync(c => c[key] = value);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(expected);
    }

    [Theory]
    [InlineData("Sym:GitHub:AttemptTimeout", "00:00:00", "GitHub: AttemptTimeout")]
    [InlineData("Sym:PagerDuty:MaxRateLimitDelay", "02:00:00", "PagerDuty: MaxRateLimitDelay")]
    public async Task Section_WithABadValue_FailsTheStartNamingIt(string key, string value, string expected)
    {
        string secret = key.StartsWith("Sym:GitHub", StringComparison.Ordinal) ? "Sym:GitHub:Token" : "Sym:PagerDuty:ApiToken";

        Func<Task> start = () => TestHost.StartAsync(c =>
        {
            c[secret] = "t";
            c[key] = value;
        });

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Start_UnknownStrategyType_ListsGitHubAmongTheKnown()
    {
        Func<Task> start = () => TestHost.StartAsync(c => c["Sym:Flows:test_access:Strategy:Type"] = "git_hub");

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("'git_hub' is not a registered strategy").And.Contain("github");
    }
}
